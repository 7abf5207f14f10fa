/** The words of this screen (keys start with 'applications.'): English, and 简体中文 with the same keys. */
export const en = {
  'applications.title': 'Credit applications',
} as const;

export const zhCN: Record<keyof typeof en, string> = {
  'applications.title': '信控申请',
};
