import { useMemo } from 'react';
import { useI18n } from '../../app/i18n';

/**
 * The registry's words, Chinese first, in the registry's own chunk (the app's dictionary in app/i18n
 * is part of the entry screen, so only the navigation's label lives there).
 */
const TEXTS = {
  registry: ['一人一档', 'Child registry'],
  childrenOf: ['{unit}的儿童档案', 'Children of {unit}'],
  searchName: ['按姓名搜索', 'Search by name'],
  unitBelow: ['查看下级单位', 'A unit below'],
  name: ['姓名', 'Name'],
  sex: ['性别', 'Sex'],
  age: ['年龄', 'Age'],
  categories: ['类别', 'Categories'],
  grade: ['风险等级', 'Risk grade'],
  idNumber: ['身份证号', 'ID number'],
  village: ['村', 'Village'],
  noIdNumber: ['无身份证号（待登记户籍）', 'None (household registration pending)'],
  filesCount: ['共 {n} 份档案', '{n} files'],
  previous: ['上一页', 'Previous'],
  next: ['下一页', 'Next'],
  pageN: ['第 {n} 页', 'Page {n}'],
  noChildren: ['没有符合条件的档案', 'No files match'],
  counts: ['档案统计数（月末）', 'Counts from the files (month end)'],
  indicator: ['指标', 'Indicator'],
  count: ['人数', 'Children'],
  countsOnly: ['您所在的单位只能查看一人一档的统计数，不能查看儿童姓名和档案。', 'Your unit sees the registry’s counts only, not children’s names or files.'],
  openFile: ['查看档案', 'Open file'],
  openFileOf: ['查看 {name} 的完整档案', 'Open the full file of {name}'],
  purpose: ['查阅目的', 'Purpose'],
  purposeHint: ['完整档案含身份证号等敏感信息，每次查阅都会记录查阅人、时间和目的。', 'The full file holds sensitive data: every opening is logged with who, when and why.'],
  note: ['补充说明（可选）', 'Note (optional)'],
  choosePurpose: ['请选择查阅目的', 'Choose a purpose'],
  open: ['打开', 'Open'],
  cancel: ['取消', 'Cancel'],
  file: ['儿童档案', 'Child file'],
  personal: ['基本信息', 'Personal data'],
  birthDate: ['出生日期', 'Birth date'],
  openedOn: ['建档日期', 'File opened'],
  asOf: ['档案日期', 'As of'],
  residence: ['居住地', 'Lives in'],
  hukou: ['户籍地', 'Household registration'],
  categoriesCert: ['类别与认定', 'Categories and certification'],
  category: ['类别', 'Category'],
  catStatus: ['认定状态', 'Status'],
  certifiedOn: ['认定日期', 'Certified on'],
  guardians: ['监护人', 'Guardians'],
  relation: ['关系', 'Relation'],
  phone: ['电话', 'Phone'],
  parents: ['父母情况', 'Parents’ situation'],
  health: ['健康状况', 'Health'],
  disability: ['残疾情况', 'Disability'],
  schooling: ['就学情况', 'Schooling'],
  helper: ['包保人', 'Helper'],
  helperRole: ['身份', 'Role'],
  since: ['起始', 'Since'],
  gradeHistory: ['风险等级记录', 'Grade history'],
  from: ['起始日期', 'From'],
  until: ['截止日期', 'Until'],
  reason: ['评估理由', 'Reason'],
  assessedBy: ['评估人', 'Assessed by'],
  visits: ['走访记录', 'Visits'],
  visitedOn: ['走访日期', 'Date'],
  visitKind: ['方式', 'Kind'],
  visitor: ['走访人', 'Visitor'],
  notes: ['情况', 'Notes'],
  followUp: ['后续跟进', 'Follow-up'],
  exit: ['退出', 'Exit'],
  exitedOn: ['退出日期', 'Exited on'],
  exitReason: ['退出原因', 'Exit reason'],
  stillOpen: ['档案在册', 'File open'],
  accessLog: ['查阅记录', 'Access log'],
  at: ['时间', 'When'],
  actor: ['查阅人', 'Who'],
  action: ['操作', 'Action'],
  none: ['无', 'None'],
  current: ['当前', 'current'],
  monitoring: ['动态监测', 'Monitoring'],
  showMonitoring: ['查看动态监测（统计数）', 'Show monitoring (counts)'],
  transitions: ['风险等级变化（上月末 → 本月末）', 'Grade changes (last month’s end → this month’s end)'],
  fromGrade: ['上月末', 'Last month'],
  noGrade: ['未评估', 'Not graded'],
  reassessmentsDue: ['到期未复评', 'Reassessments due'],
  visitsOverdue: ['走访逾期（按包保人）', 'Visits overdue (per helper)'],
  turning18: ['下月满 18 周岁', 'Turning 18 next month'],
  withoutHelper: ['无包保人', 'Without a helper'],
  dueOn: ['到期日', 'Due'],
  lastVisit: ['上次走访', 'Last visit'],
  turns18In: ['满 18 周岁月份', 'Turns 18 in'],
  noHelper: ['（无包保人）', '(no helper)'],
  nothing: ['无', 'None'],
  more: ['另有 {n} 人', '{n} more'],
  namesCountyBelow: ['名单仅对县级及以下单位显示。', 'Names are shown to counties and below only.'],
} as const satisfies Record<string, readonly [string, string]>;

export type RegistryTextKey = keyof typeof TEXTS;

/** Enum values as people read them. */
const ENUMS: Record<string, Record<string, readonly [string, string]>> = {
  sex: { M: ['男', 'Male'], F: ['女', 'Female'] },
  grade: { RED: ['红色', 'Red'], ORANGE: ['橙色', 'Orange'], YELLOW: ['黄色', 'Yellow'], GREEN: ['绿色', 'Green'] },
  category: {
    LEFT_BEHIND: ['农村留守儿童', 'Left-behind'],
    IN_DIFFICULTY: ['困境儿童', 'In difficulty'],
    ORPHAN_SCATTERED: ['散居孤儿', 'Orphan (scattered)'],
    ORPHAN_INSTITUTIONAL: ['机构养育孤儿', 'Orphan (institutional)'],
    DEFACTO_UNSUPPORTED: ['事实无人抚养儿童', 'De-facto unsupported'],
  },
  categoryStatus: { CERTIFIED: ['已认定', 'Certified'], PENDING: ['待认定', 'Pending'], ENDED: ['已终止', 'Ended'] },
  relation: {
    FATHER: ['父亲', 'Father'],
    MOTHER: ['母亲', 'Mother'],
    GRANDPARENT: ['祖父母/外祖父母', 'Grandparent'],
    SIBLING: ['兄弟姐妹', 'Sibling'],
    RELATIVE: ['其他亲属', 'Relative'],
    ENTRUSTED: ['受委托照护人', 'Entrusted carer'],
    INSTITUTION: ['机构', 'Institution'],
    OTHER: ['其他', 'Other'],
  },
  helperRole: {
    CHILD_DIRECTOR: ['儿童主任', 'Child director'],
    CHILD_SUPERVISOR: ['儿童督导员', 'Child supervisor'],
    VILLAGE_CADRE: ['村干部', 'Village cadre'],
    VOLUNTEER: ['志愿者', 'Volunteer'],
    OTHER: ['其他', 'Other'],
  },
  visitKind: { HOME: ['入户走访', 'Home'], PHONE: ['电话', 'Phone'], SCHOOL: ['到校', 'School'], OTHER: ['其他', 'Other'] },
  exitReason: {
    TURNED_18: ['年满 18 周岁', 'Turned 18'],
    PARENTS_RETURNED: ['父母返乡', 'Parents returned'],
    ADOPTED: ['被收养', 'Adopted'],
    MOVED_AWAY: ['迁出（档案转移）', 'Moved away (file transferred)'],
    DIED: ['死亡', 'Died'],
    NO_LONGER_ELIGIBLE: ['不再符合条件', 'No longer eligible'],
  },
  purpose: {
    CASE_WORK: ['个案服务', 'Case work'],
    VISIT: ['走访准备', 'Visit'],
    REASSESSMENT: ['风险复评', 'Reassessment'],
    SUPERVISION: ['督导检查', 'Supervision'],
    AUDIT: ['审计', 'Audit'],
    TRANSFER: ['档案转移', 'Transfer'],
    EXPORT: ['导出', 'Export'],
  },
  action: { OPEN_FILE: ['查阅完整档案', 'Opened the full file'], EXPORT: ['导出', 'Export'] },
};

export type EnumKind = 'sex' | 'grade' | 'category' | 'categoryStatus' | 'relation' | 'helperRole' | 'visitKind' | 'exitReason' | 'purpose' | 'action';

export interface RegistryText {
  lang: 'zh' | 'en';
  r(key: RegistryTextKey, vars?: Record<string, string | number>): string;
  e(kind: EnumKind, value: string | null | undefined): string;
  options(kind: EnumKind): { value: string; label: string }[];
}

export function useRegistryText(): RegistryText {
  const { lang } = useI18n();
  return useMemo(() => {
    const i = lang === 'zh' ? 0 : 1;
    return {
      lang,
      r(key, vars) {
        let s: string = TEXTS[key][i];
        for (const [k, v] of Object.entries(vars ?? {})) s = s.replace(`{${k}}`, String(v));
        return s;
      },
      e(kind, value) {
        if (!value) return '—';
        return ENUMS[kind]?.[value]?.[i] ?? value;
      },
      options(kind) {
        return Object.entries(ENUMS[kind] ?? {}).map(([value, t]) => ({ value, label: t[i] }));
      },
    };
  }, [lang]);
}

export const GRADE_COLORS: Record<string, string> = { RED: 'red', ORANGE: 'orange', YELLOW: 'gold', GREEN: 'green' };
