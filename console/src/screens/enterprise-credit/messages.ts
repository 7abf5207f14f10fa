/** The words of this screen (keys start with 'enterpriseCredit.'): English, and 简体中文 with the same keys. */
export const en = {
  'enterpriseCredit.title': 'Enterprise credit',
} as const;

export const zhCN: Record<keyof typeof en, string> = {
  'enterpriseCredit.title': '企业信控',
};
