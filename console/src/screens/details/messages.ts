/** The words of this screen (keys start with 'details.'): English, and 简体中文 with the same keys. */
export const en = {
  'details.title': 'Account details',
} as const;

export const zhCN: Record<keyof typeof en, string> = {
  'details.title': '账号详情',
};
