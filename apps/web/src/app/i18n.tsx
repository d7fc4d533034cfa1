import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';

export type Lang = 'zh' | 'en';

const TEXTS = {
  appName: ['儿童关爱保护月报', 'Child welfare monthly'],
  signIn: ['登录', 'Sign in'],
  signOut: ['退出登录', 'Sign out'],
  accountMenu: ['账户菜单', 'Account menu'],
  username: ['用户名', 'Username'],
  password: ['密码', 'Password'],
  signInTitle: ['登录儿童关爱保护月报系统', 'Sign in to carenet'],
  month: ['月份', 'Month'],
  searchUnit: ['搜索单位（名称或代码）', 'Search units (name or code)'],
  children: ['下级单位', 'Child units'],
  unit: ['单位', 'Unit'],
  code: ['代码', 'Code'],
  status: ['状态', 'Status'],
  late: ['逾期', 'Late'],
  onTime: ['按时', 'On time'],
  entry: ['填报', 'Entry'],
  inbox: ['待审批', 'Approval inbox'],
  dashboard: ['统计看板', 'Dashboard'],
  registry: ['一人一档', 'Registry'],
  admin: ['用户管理', 'Administration'],
  save: ['保存', 'Save'],
  submit: ['提交', 'Submit'],
  approve: ['批准', 'Approve'],
  returnIt: ['退回', 'Return'],
  exempt: ['免报', 'Exempt'],
  reason: ['原因', 'Reason'],
  comment: ['说明', 'Comment'],
  saved: ['已保存', 'Saved'],
  submitted: ['已提交', 'Submitted'],
  approved: ['已批准', 'Approved'],
  returned: ['已退回', 'Returned'],
  exempted: ['已免报', 'Exempted'],
  copyLast: ['复制上次批准月份', 'Copy last approved month'],
  deadline: ['截止', 'Deadline'],
  daysLeft: ['剩余 {n} 天', '{n} days left'],
  overdue: ['已逾期 {n} 天', 'Overdue by {n} days'],
  explanation: ['情况说明', 'Explanation'],
  warningsNeedExplanation: ['以下预警需填写情况说明后才能提交', 'Explain each warning below before submitting'],
  explainEach: ['请为每条预警填写情况说明', 'Write an explanation for each warning'],
  conflictTitle: ['其他人已修改了此报表', 'Someone else changed this report'],
  conflictText: ['您保存之前，{who} 保存了新的版本。请选择如何处理，您的填写不会丢失。', '{who} saved a newer version before you. Choose what to keep; your entries are not lost.'],
  keepMine: ['保留我的填写', 'Keep mine'],
  merge: ['合并（采用对方修改的项）', 'Merge (take their changed fields)'],
  takeTheirs: ['采用对方版本', 'Take theirs'],
  theirs: ['对方', 'Theirs'],
  mine: ['我的', 'Mine'],
  indicator: ['指标', 'Indicator'],
  notFound: ['未找到该页面或单位', 'Page or unit not found'],
  notFoundText: ['该单位不存在，或不在您的管辖范围内。', 'This unit does not exist or is outside your scope.'],
  backHome: ['返回首页', 'Back to start'],
  auditTrail: ['操作记录', 'Audit trail'],
  completeness: ['完成情况', 'Completeness'],
  expected: ['应报', 'Expected'],
  missing: ['未报单位', 'Missing units'],
  noReport: ['未填报', 'Missing'],
  own: ['本级报表', 'Own report'],
  lastApproved: ['上次批准', 'Last approved'],
  current: ['本月', 'This month'],
  total: ['合计', 'Total'],
  basis: ['口径', 'Basis'],
  basisApproved: ['已批准', 'Approved'],
  basisProvisional: ['含已提交', 'Provisional'],
  monitored: ['监测儿童', 'Monitored children'],
  redOrange: ['红橙风险占比', 'Red/orange share'],
  bulkApprove: ['批量批准（无预警）', 'Approve all without warnings'],
  refresh: ['刷新', 'Refresh'],
  language: ['English', '中文'],
  nothingWaiting: ['没有待审批的报表', 'Nothing waiting'],
  version: ['版本', 'Version'],
  enterFor: ['代填报', 'Enter for'],
  import: ['批量导入', 'Bulk import'],
  template: ['下载模板', 'Download template'],
  importInto: ['导入到：{unit}（{period}）', 'Into: {unit} ({period})'],
  importHint: ['每行一个下级单位，每列一个指标代码；先下载模板填写，再上传。', 'One row per unit below, one column per indicator code: download the template, fill it in, upload it.'],
  importFile: ['导入文件', 'File to import'],
  chooseFile: ['选择文件（CSV 或 XLSX）', 'Choose a file (CSV or XLSX)'],
  fileFormat: ['文件格式', 'File format'],
  importMode: ['导入方式', 'Import mode'],
  modeAllOrNothing: ['全部通过才保存', 'Save only if every row passes'],
  modeValidRows: ['保存通过校验的行', 'Save the rows that pass'],
  startImport: ['开始导入', 'Start import'],
  importQUEUED: ['已排队，等待处理', 'Queued'],
  importRUNNING: ['正在导入', 'Importing'],
  importDONE: ['导入完成', 'Import finished'],
  importFAILED: ['导入失败', 'Import failed'],
  importProgress: ['导入进度', 'Import progress'],
  rowsProgress: ['已处理 {done} / {total} 行', '{done} of {total} rows done'],
  rowsReading: ['正在读取文件…', 'Reading the file…'],
  savedRows: ['已保存 {n} 行', '{n} rows saved'],
  failedRows: ['{n} 行有问题', '{n} rows with problems'],
  notSavedRows: ['{n} 行通过校验但未保存（全部通过才保存）', '{n} valid rows not saved (all or nothing)'],
  problems: ['问题清单', 'Problems'],
  row: ['行号', 'Row'],
  unitCode: ['单位代码', 'Unit code'],
  fieldOrIndicator: ['指标/字段', 'Indicator / field'],
  rule: ['规则', 'Rule'],
  problem: ['问题说明', 'Problem'],
  noProblems: ['没有问题', 'No problems'],
  importAgain: ['再导入一个文件', 'Import another file'],
  role_CLERK: ['填报员', 'Clerk'],
  role_APPROVER: ['审批员', 'Approver'],
  role_VIEWER: ['查看者', 'Viewer'],
  role_ADMIN: ['管理员', 'Administrator'],
} as const satisfies Record<string, readonly [string, string]>;

export type TextKey = keyof typeof TEXTS;

/** `extensions.reason` (or `code`) → what the person reads. */
const REASONS: Record<string, readonly [string, string]> = {
  INVALID_CREDENTIALS: ['用户名或密码错误', 'Wrong username or password'],
  TOO_MANY_FAILED_LOGINS: ['登录失败次数过多，该用户名已锁定 15 分钟，请稍后再试', 'Too many failed sign-ins: this username is locked for 15 minutes'],
  MISSING_TOKEN: ['请先登录', 'Please sign in'],
  INVALID_TOKEN: ['登录已失效，请重新登录', 'Your session is no longer valid; sign in again'],
  TOKEN_EXPIRED: ['登录已过期，请重新登录', 'Your session expired; sign in again'],
  USER_DISABLED: ['该用户已停用', 'This user is disabled'],
  VALIDATION_FAILED: ['填报数据未通过校验，请按提示修改', 'Some figures failed the checks; see each field'],
  VERSION_MISMATCH: ['其他人已修改了此报表', 'Someone else changed this report meanwhile'],
  CHILDREN_NOT_APPROVED: ['下级单位尚未全部批准或免报，暂不能提交', 'Not every child unit is approved or exempted yet'],
  FUTURE_PERIOD: ['该月份尚未结束，不能填报', 'That month has not ended yet'],
  REPORT_LOCKED: ['上级已批准本月报表，本报表已锁定', 'A unit above approved this month; the report is locked'],
  SELF_APPROVAL: ['不能审批自己保存或提交的报表', 'Nobody approves a report they saved or submitted'],
  PARENT_APPROVED: ['上级报表已批准，需先撤回', "The parent's report is approved; reopen it first"],
  NOT_ALLOWED: ['您没有执行此操作的权限', 'You may not do this'],
  INVALID_TRANSITION: ['报表当前状态不允许此操作', 'Not possible in the report’s current state'],
  INVALID_INPUT: ['输入有误', 'Invalid input'],
  NOT_FOUND: ['未找到', 'Not found'],
  UNIT_NOT_FOUND: ['未找到该单位', 'Unit not found'],
  RATE_LIMITED: ['请求过于频繁，请稍后再试', 'Too many requests; try again shortly'],
  UNAVAILABLE: ['服务暂时不可用，请稍后再试', 'The service is unavailable; try again shortly'],
  NETWORK: ['网络连接失败', 'Network error'],
  FORBIDDEN: ['没有权限', 'Not allowed'],
  INTERNAL_SERVER_ERROR: ['系统内部错误，请联系管理员', 'Internal error; contact your administrator'],
  IMPORT_FAILED: ['文件无法导入', 'The file cannot be imported'],
  IMPORT_JOB_NOT_FOUND: ['未找到该导入任务', 'Import job not found'],
};

/** Rule texts shown at the field (E) or beside the explanation box (W). */
const RULES: Record<string, readonly [string, string]> = {
  E1: ['数值须为 0 至上限之间的整数', 'Must be a whole number from 0 to the maximum'],
  E2: ['本级不填报此指标', 'Not entered at this level'],
  E3: ['红、橙、黄、绿风险等级人数之和不得超过农村留守儿童与困境儿童之和', 'Risk grades together may not exceed left-behind children plus children in difficulty'],
  E4: ['没有机构时床位数须为 0', 'Beds must be 0 when there are no institutions'],
  W1: ['生活补贴低于标准', 'Subsidy below the standard'],
  W2: ['与本单位近 12 个月批准数据相比异常', 'An outlier against the last 12 approved months'],
  W3: ['有红色风险儿童但强制报告线索为 0', 'Red-grade children but no mandatory reports'],
  FORMAT: ['单元格无法识别（代码或数字格式有误）', 'A cell cannot be read (code or number format)'],
  SCOPE: ['单位不在导入范围内，或您无权填报', 'The unit is not under this import, or not yours to enter'],
};

interface I18n {
  lang: Lang;
  setLang(l: Lang): void;
  t(key: TextKey, vars?: Record<string, string | number>): string;
  reason(reason: string, fallback?: string): string;
  rule(rule: string): string;
}

const Ctx = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(() => (localStorage.getItem('carenet.lang') === 'en' ? 'en' : 'zh'));
  const value = useMemo<I18n>(() => {
    const i = lang === 'zh' ? 0 : 1;
    return {
      lang,
      setLang(l) {
        localStorage.setItem('carenet.lang', l);
        document.documentElement.lang = l === 'zh' ? 'zh-CN' : 'en';
        setLangState(l);
      },
      t(key, vars) {
        let s: string = TEXTS[key][i];
        for (const [k, v] of Object.entries(vars ?? {})) s = s.replace(`{${k}}`, String(v));
        return s;
      },
      reason(reason, fallback) {
        return REASONS[reason]?.[i] ?? fallback ?? reason;
      },
      rule(rule) {
        return RULES[rule]?.[i] ?? rule;
      },
    };
  }, [lang]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useI18n(): I18n {
  const v = useContext(Ctx);
  if (!v) throw new Error('I18nProvider missing');
  return v;
}

/** Indicator groups as the programme thinks of them. */
export const GROUPS: { key: string; zh: string; en: string; codes: string[] }[] = [
  { key: 'children', zh: '儿童情况', en: 'Children', codes: ['LEFT_BEHIND_CHILDREN', 'CHILDREN_IN_DIFFICULTY', 'ORPHANS_SCATTERED', 'DEFACTO_UNSUPPORTED', 'ORPHANS_INSTITUTIONAL'] },
  { key: 'risk', zh: '风险等级', en: 'Risk grades', codes: ['RISK_RED', 'RISK_ORANGE', 'RISK_YELLOW', 'RISK_GREEN'] },
  {
    key: 'services',
    zh: '关爱服务',
    en: 'Services',
    codes: ['HOME_VISITS', 'GUARDIANSHIP_AGREEMENTS', 'CHILD_HOMES', 'CHILD_DIRECTORS', 'CHILD_SUPERVISORS', 'MANDATORY_REPORTS', 'TEMPORARY_GUARDIANSHIP', 'ASSISTANCE_CASES', 'DROPOUTS_RETURNED', 'PARENTS_RETURNED'],
  },
  { key: 'institutions', zh: '机构与床位', en: 'Institutions', codes: ['WELFARE_INSTITUTIONS', 'WELFARE_BEDS', 'PROTECTION_INSTITUTIONS', 'PROTECTION_BEDS'] },
  { key: 'subsidies', zh: '生活补贴（元）', en: 'Subsidies (yuan)', codes: ['SUBSIDY_INSTITUTIONAL_FEN', 'SUBSIDY_SCATTERED_FEN', 'SUBSIDY_DEFACTO_FEN'] },
];

export const STATUS_COLORS: Record<string, string> = { DRAFT: 'default', SUBMITTED: 'processing', APPROVED: 'success', RETURNED: 'warning', EXEMPTED: 'purple', MISSING: 'error' };
export const STATUS_TEXT: Record<string, readonly [string, string]> = {
  DRAFT: ['草稿', 'Draft'],
  SUBMITTED: ['已提交', 'Submitted'],
  APPROVED: ['已批准', 'Approved'],
  RETURNED: ['已退回', 'Returned'],
  EXEMPTED: ['已免报', 'Exempted'],
  MISSING: ['未填报', 'Missing'],
};
export const LEVEL_TEXT: Record<string, readonly [string, string]> = {
  PROVINCE: ['省', 'Province'],
  CITY: ['市', 'City'],
  COUNTY: ['县', 'County'],
  TOWNSHIP: ['乡镇', 'Township'],
  VILLAGE: ['村', 'Village'],
};
