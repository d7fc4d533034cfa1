import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { ConfigProviderProps } from 'antd';
import zhCN from 'antd/locale/zh_CN';

export type Lang = 'zh' | 'en';
type Locale = NonNullable<ConfigProviderProps['locale']>;

/*
 * The texts in Chinese, always at hand. Their English (./english, with antd's English locale) is a
 * chunk of its own, loaded when someone picks English: most people never do, and the entry screen
 * should not carry it.
 */
const TEXTS = {
  appName: '儿童关爱保护月报',
  signIn: '登录',
  signOut: '退出登录',
  accountMenu: '账户菜单',
  username: '用户名',
  password: '密码',
  signInTitle: '登录儿童关爱保护月报系统',
  month: '月份',
  searchUnit: '搜索单位（名称或代码）',
  children: '下级单位',
  unit: '单位',
  code: '代码',
  status: '状态',
  late: '逾期',
  onTime: '按时',
  entry: '填报',
  inbox: '待审批',
  dashboard: '统计看板',
  registry: '一人一档',
  admin: '用户管理',
  save: '保存',
  submit: '提交',
  approve: '批准',
  returnIt: '退回',
  exempt: '免报',
  reason: '原因',
  comment: '说明',
  saved: '已保存',
  submitted: '已提交',
  approved: '已批准',
  returned: '已退回',
  exempted: '已免报',
  copyLast: '复制上次批准月份',
  deadline: '截止',
  daysLeft: '剩余 {n} 天',
  overdue: '已逾期 {n} 天',
  explanation: '情况说明',
  warningsNeedExplanation: '以下预警需填写情况说明后才能提交',
  explainEach: '请为每条预警填写情况说明',
  conflictTitle: '其他人已修改了此报表',
  conflictText: '您保存之前，{who} 保存了新的版本。请选择如何处理，您的填写不会丢失。',
  keepMine: '保留我的填写',
  merge: '合并（采用对方修改的项）',
  takeTheirs: '采用对方版本',
  theirs: '对方',
  mine: '我的',
  indicator: '指标',
  notFound: '未找到该页面或单位',
  notFoundText: '该单位不存在，或不在您的管辖范围内。',
  backHome: '返回首页',
  auditTrail: '操作记录',
  completeness: '完成情况',
  expected: '应报',
  missing: '未报单位',
  noReport: '未填报',
  own: '本级报表',
  lastApproved: '上次批准',
  current: '本月',
  total: '合计',
  basis: '口径',
  basisApproved: '已批准',
  basisProvisional: '含已提交',
  monitored: '监测儿童',
  redOrange: '红橙风险占比',
  bulkApprove: '批量批准（无预警）',
  refresh: '刷新',
  language: 'English',
  nothingWaiting: '没有待审批的报表',
  version: '版本',
  enterFor: '代填报',
  import: '批量导入',
  template: '下载模板',
  importInto: '导入到：{unit}（{period}）',
  importHint: '每行一个下级单位，每列一个指标代码；先下载模板填写，再上传。',
  importFile: '导入文件',
  chooseFile: '选择文件（CSV 或 XLSX）',
  fileFormat: '文件格式',
  importMode: '导入方式',
  modeAllOrNothing: '全部通过才保存',
  modeValidRows: '保存通过校验的行',
  startImport: '开始导入',
  importQUEUED: '已排队，等待处理',
  importRUNNING: '正在导入',
  importDONE: '导入完成',
  importFAILED: '导入失败',
  importProgress: '导入进度',
  rowsProgress: '已处理 {done} / {total} 行',
  rowsReading: '正在读取文件…',
  savedRows: '已保存 {n} 行',
  failedRows: '{n} 行有问题',
  notSavedRows: '{n} 行通过校验但未保存（全部通过才保存）',
  problems: '问题清单',
  row: '行号',
  unitCode: '单位代码',
  fieldOrIndicator: '指标/字段',
  rule: '规则',
  problem: '问题说明',
  noProblems: '没有问题',
  importAgain: '再导入一个文件',
  role_CLERK: '填报员',
  role_APPROVER: '审批员',
  role_VIEWER: '查看者',
  role_ADMIN: '管理员',
  unitsAbove: '上级单位',
  signedInAs: '当前用户',
  mainNav: '主导航',
} as const satisfies Record<string, string>;

export type TextKey = keyof typeof TEXTS;

/** `extensions.reason` (or `code`) → what the person reads. */
const REASONS: Record<string, string> = {
  INVALID_CREDENTIALS: '用户名或密码错误',
  TOO_MANY_FAILED_LOGINS: '登录失败次数过多，该用户名已锁定 15 分钟，请稍后再试',
  MISSING_TOKEN: '请先登录',
  INVALID_TOKEN: '登录已失效，请重新登录',
  TOKEN_EXPIRED: '登录已过期，请重新登录',
  USER_DISABLED: '该用户已停用',
  VALIDATION_FAILED: '填报数据未通过校验，请按提示修改',
  VERSION_MISMATCH: '其他人已修改了此报表',
  CHILDREN_NOT_APPROVED: '下级单位尚未全部批准或免报，暂不能提交',
  FUTURE_PERIOD: '该月份尚未结束，不能填报',
  REPORT_LOCKED: '上级已批准本月报表，本报表已锁定',
  SELF_APPROVAL: '不能审批自己保存或提交的报表',
  PARENT_APPROVED: '上级报表已批准，需先撤回',
  NOT_ALLOWED: '您没有执行此操作的权限',
  INVALID_TRANSITION: '报表当前状态不允许此操作',
  INVALID_INPUT: '输入有误',
  NOT_FOUND: '未找到',
  UNIT_NOT_FOUND: '未找到该单位',
  RATE_LIMITED: '请求过于频繁，请稍后再试',
  UNAVAILABLE: '服务暂时不可用，请稍后再试',
  NETWORK: '网络连接失败',
  FORBIDDEN: '没有权限',
  INTERNAL_SERVER_ERROR: '系统内部错误，请联系管理员',
  IMPORT_FAILED: '文件无法导入',
  IMPORT_JOB_NOT_FOUND: '未找到该导入任务',
  SETUP_CLOSED: '设置已关闭：系统中已有用户，请登录',
  SETUP_UNDER_WAY: '另一个窗口正在进行设置，请等待其完成后登录',
};

/** Rule texts shown at the field (E), beside the explanation box (W), or beside an imported row (also FORMAT, SCOPE, NOT_SAVED). */
const RULES: Record<string, string> = {
  E1: '数值须为 0 至上限之间的整数',
  E2: '本级不填报此指标',
  E3: '红、橙、黄、绿风险等级人数之和不得超过农村留守儿童与困境儿童之和',
  E4: '没有机构时床位数须为 0',
  W1: '生活补贴低于标准',
  W2: '与本单位近 12 个月批准数据相比异常',
  W3: '有红色风险儿童但强制报告线索为 0',
  FORMAT: '单元格无法识别（代码或数字格式有误）',
  SCOPE: '单位不在导入范围内，或您无权填报',
  NOT_SAVED: '该行未能保存',
};

/** One language's texts: what ./english exports for English. */
export interface Texts {
  texts: Record<TextKey, string>;
  reasons: Record<string, string>;
  rules: Record<string, string>;
  antd: Locale;
}

const CHINESE: Texts = { texts: TEXTS, reasons: REASONS, rules: RULES, antd: zhCN };

let english: Promise<Texts> | null = null;
/** The English texts, fetched once. */
export function loadEnglish(): Promise<Texts> {
  english ??= import('./english').then((m) => m.ENGLISH);
  return english;
}

const storedLang = (): Lang => (localStorage.getItem('carenet.lang') === 'en' ? 'en' : 'zh');
// someone who reads English: fetch it alongside the rest of the start
if (storedLang() === 'en') void loadEnglish();

interface I18n {
  lang: Lang;
  setLang(l: Lang): void;
  t(key: TextKey, vars?: Record<string, string | number>): string;
  reason(reason: string, fallback?: string): string;
  /** A rule's text (E1, W2, FORMAT…), or else the reason's (a refusal's code), or else `fallback`. */
  rule(rule: string, fallback?: string): string;
  /** What the server names in both languages (an indicator), in the language shown. */
  named(x: { nameZh: string; nameEn: string }): string;
  /** antd's texts in the same language. */
  antdLocale: Locale;
}

/** `{name}` in a text replaced by `vars.name`. */
function fill(text: string, vars?: Record<string, string | number>): string {
  for (const [k, v] of Object.entries(vars ?? {})) text = text.replace(`{${k}}`, String(v));
  return text;
}

/**
 * A feature's own words (or a shared component's), Chinese first, then English, kept in the feature's
 * chunk rather than in the app's dictionary above (which is part of the entry screen):
 *
 *     const TEXTS = { title: ['标题', 'Title'], more: ['另有 {n} 人', '{n} more'] } as const satisfies TextTable;
 *     const tx = useTexts(TEXTS);  tx('more', { n: 3 })
 *
 * A table of a server enum's values reads the same way (`status('APPROVED')`); a value it lacks reads as
 * itself, and none as a dash.
 */
export type TextTable = Readonly<Record<string, readonly [zh: string, en: string]>>;

export interface Tx<K extends string> {
  (key: K | null | undefined, vars?: Record<string, string | number>): string;
  /** Every entry, as a select's options. */
  options(): { value: K; label: string }[];
}

function reader<T extends TextTable>(table: T, lang: Lang): Tx<Extract<keyof T, string>> {
  const i = lang === 'zh' ? 0 : 1;
  const tx = (key: string | null | undefined, vars?: Record<string, string | number>) => (key ? fill(table[key]?.[i] ?? key, vars) : '—');
  tx.options = () => Object.entries(table).map(([value, texts]) => ({ value: value as Extract<keyof T, string>, label: texts[i] }));
  return tx;
}

export function useTexts<T extends TextTable>(table: T): Tx<Extract<keyof T, string>> {
  const { lang } = useI18n();
  return useMemo(() => reader(table, lang), [table, lang]);
}

/** Several tables at once (a feature's enums): `useTextTables({ sex: SEX, grade: GRADE }).sex('M')`. */
export function useTextTables<T extends Record<string, TextTable>>(tables: T): { [N in keyof T]: Tx<Extract<keyof T[N], string>> } {
  const { lang } = useI18n();
  return useMemo(
    () => Object.fromEntries(Object.entries(tables).map(([name, table]) => [name, reader(table, lang)])) as unknown as { [N in keyof T]: Tx<Extract<keyof T[N], string>> },
    [tables, lang],
  );
}

const Ctx = createContext<I18n | null>(null);

/** The language shown switches once its texts are here; someone who left in English sees nothing until they are. */
export function I18nProvider({ children }: { children: ReactNode }) {
  const [wanted, setWanted] = useState<Lang>(storedLang);
  const [en, setEn] = useState<Texts | null>(null);
  useEffect(() => {
    if (wanted !== 'en' || en) return;
    let live = true;
    loadEnglish().then(
      (e) => live && setEn(e),
      () => live && setWanted('zh'),
    );
    return () => {
      live = false;
    };
  }, [wanted, en]);
  const lang: Lang = wanted === 'en' && en ? 'en' : 'zh';
  const setLang = useCallback((l: Lang) => {
    localStorage.setItem('carenet.lang', l);
    document.documentElement.lang = l === 'zh' ? 'zh-CN' : 'en';
    if (l === 'zh') return setWanted('zh');
    // the screen stays (and keeps its state) in Chinese until the English texts are here
    loadEnglish().then(
      (e) => {
        setEn(e);
        setWanted('en');
      },
      () => undefined,
    );
  }, []);
  const value = useMemo<I18n>(() => {
    const s = lang === 'en' && en ? en : CHINESE;
    return {
      lang,
      setLang,
      t(key, vars) {
        return fill(s.texts[key], vars);
      },
      named(x) {
        return lang === 'zh' ? x.nameZh : x.nameEn;
      },
      reason(reason, fallback) {
        return s.reasons[reason] ?? fallback ?? reason;
      },
      rule(rule, fallback) {
        return s.rules[rule] ?? s.reasons[rule] ?? fallback ?? rule;
      },
      antdLocale: s.antd,
    };
  }, [lang, en, setLang]);
  if (wanted === 'en' && !en) return null;
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useI18n(): I18n {
  const v = useContext(Ctx);
  if (!v) throw new Error('I18nProvider missing');
  return v;
}

/** Indicator groups as the programme thinks of them. */
export const GROUPS: { key: string; codes: string[] }[] = [
  { key: 'children', codes: ['LEFT_BEHIND_CHILDREN', 'CHILDREN_IN_DIFFICULTY', 'ORPHANS_SCATTERED', 'DEFACTO_UNSUPPORTED', 'ORPHANS_INSTITUTIONAL'] },
  { key: 'risk', codes: ['RISK_RED', 'RISK_ORANGE', 'RISK_YELLOW', 'RISK_GREEN'] },
  {
    key: 'services',
    codes: ['HOME_VISITS', 'GUARDIANSHIP_AGREEMENTS', 'CHILD_HOMES', 'CHILD_DIRECTORS', 'CHILD_SUPERVISORS', 'MANDATORY_REPORTS', 'TEMPORARY_GUARDIANSHIP', 'ASSISTANCE_CASES', 'DROPOUTS_RETURNED', 'PARENTS_RETURNED'],
  },
  { key: 'institutions', codes: ['WELFARE_INSTITUTIONS', 'WELFARE_BEDS', 'PROTECTION_INSTITUTIONS', 'PROTECTION_BEDS'] },
  { key: 'subsidies', codes: ['SUBSIDY_INSTITUTIONAL_FEN', 'SUBSIDY_SCATTERED_FEN', 'SUBSIDY_DEFACTO_FEN'] },
];

/** The groups' titles (and the title of the indicators no group holds). */
export const GROUP_TEXT: TextTable = {
  children: ['儿童情况', 'Children'],
  risk: ['风险等级', 'Risk grades'],
  services: ['关爱服务', 'Services'],
  institutions: ['机构与床位', 'Institutions'],
  subsidies: ['生活补贴（元）', 'Subsidies (yuan)'],
  other: ['其他', 'Other'],
};

export const STATUS_COLORS: Record<string, string> = { DRAFT: 'default', SUBMITTED: 'processing', APPROVED: 'success', RETURNED: 'warning', EXEMPTED: 'purple', MISSING: 'error' };
export const STATUS_TEXT: TextTable = {
  DRAFT: ['草稿', 'Draft'],
  SUBMITTED: ['已提交', 'Submitted'],
  APPROVED: ['已批准', 'Approved'],
  RETURNED: ['已退回', 'Returned'],
  EXEMPTED: ['已免报', 'Exempted'],
  MISSING: ['未填报', 'Missing'],
};
export const LEVEL_TEXT: TextTable = {
  PROVINCE: ['省', 'Province'],
  CITY: ['市', 'City'],
  COUNTY: ['县', 'County'],
  TOWNSHIP: ['乡镇', 'Township'],
  VILLAGE: ['村', 'Village'],
};
