import type { TextTable } from '../../app/i18n';

/** The first-run setup's words, Chinese first (read with app/i18n's useTexts). */
export const SETUP_TEXTS = {
  title: ['首次设置', 'First-run setup'],
  intro: [
    '系统中还没有任何用户。请创建第一位管理员，并选择要载入的省份（国家统计局区划代码，含到村一级）。此设置只能进行一次，创建管理员后即关闭。',
    'carenet has no user yet. Create the first administrator and choose the provinces to load (the official division codes, down to the villages). Setup happens once only and closes as soon as the administrator exists.',
  ],
  stepAdmin: ['创建管理员', 'Administrator'],
  stepLoad: ['载入区划', 'Load the tree'],
  stepDone: ['完成', 'Done'],
  username: ['管理员用户名', "Administrator's username"],
  password: ['密码', 'Password'],
  passwordHint: ['至少 10 个字符，不能包含用户名，不能是常见密码。', 'At least 10 characters, not containing the username, not a common password.'],
  confirm: ['再次输入密码', 'Password again'],
  mismatch: ['两次输入的密码不一致', 'The two passwords differ'],
  provinces: ['要载入的省份', 'Provinces to load'],
  provincesHint: ['第一个省份是管理员所在的省份，将立即载入（约数秒）；其余省份在后台依次载入，可在下一步查看进度。', "The first is the administrator's own province and loads at once (a few seconds); the others load one after another in the background, with progress on the next step."],
  chooseProvince: ['请至少选择一个省份', 'Choose at least one province'],
  start: ['创建管理员并载入', 'Create and load'],
  starting: ['正在载入第一个省份并创建管理员…', 'Loading the first province and creating the administrator…'],
  loading: ['正在载入其余省份，可以先进入系统，载入会在后台继续。', 'The other provinces are loading; you may go in now, loading goes on in the background.'],
  allLoaded: ['全部省份已载入。', 'Every province is loaded.'],
  enter: ['进入系统', 'Go in'],
  waiting: ['等待中', 'Waiting'],
  loadingOne: ['载入中', 'Loading'],
  done: ['已载入', 'Loaded'],
  failed: ['失败', 'Failed'],
  rowsRead: ['已读取 {n} 行', '{n} rows read'],
  unitsAdded: ['已新增 {done} / {total} 个单位', '{done} of {total} units added'],
  closed: ['设置已关闭：系统中已有用户。请登录。', 'Setup is closed: a user exists. Sign in.'],
} as const satisfies TextTable;
