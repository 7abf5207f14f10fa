/** The words of this screen (keys start with 'ops.'): English, and 简体中文 with the same keys. */
export const en = {
  'ops.title': 'Service health',
} as const;

export const zhCN: Record<keyof typeof en, string> = {
  'ops.title': '服务健康',
};
