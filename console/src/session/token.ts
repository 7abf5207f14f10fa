/** The token lives for the browser session only (sessionStorage): closing the tab signs out. */
const KEY = 'uam.token';

export const readToken = (): string | null => sessionStorage.getItem(KEY);
export const saveToken = (token: string): void => sessionStorage.setItem(KEY, token);
export const forgetToken = (): void => sessionStorage.removeItem(KEY);
