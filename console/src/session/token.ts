/** The token lives for the browser session only (sessionStorage): closing the tab signs out. */
const KEY = 'uam.token';

export const readToken = (): string | null => sessionStorage.getItem(KEY);
export const saveToken = (token: string): void => sessionStorage.setItem(KEY, token);
export const forgetToken = (): void => {
  sessionStorage.removeItem(KEY);
  unshareWithDashboard();
};

/** The queue dashboard (/admin/queues) is a page of its own: it reads the token from a cookie scoped to /admin. */
export const shareWithDashboard = (token: string): void => {
  document.cookie = `uam_token=${encodeURIComponent(token)}; path=/admin; SameSite=Strict`;
};
export const unshareWithDashboard = (): void => {
  document.cookie = 'uam_token=; path=/admin; SameSite=Strict; max-age=0';
};
