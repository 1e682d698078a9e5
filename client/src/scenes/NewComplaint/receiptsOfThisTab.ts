/**
 * Receipts saved in this tab: a visitor's unconfirmed key is shown again only here (a shared phone's
 * next visitor must not see it). The form remembers a receipt when it saves a complaint; the receipt
 * screen asks.
 */
const THIS_TAB_KEY = 'puente.receiptsOfThisTab';

/** Remembers that this tab saved the complaint `id`. */
export function rememberInThisTab(id: string): void {
  try {
    const ids = JSON.parse(window.sessionStorage.getItem(THIS_TAB_KEY) ?? '[]') as string[];
    window.sessionStorage.setItem(THIS_TAB_KEY, JSON.stringify([...ids.filter((i) => i !== id), id].slice(-50)));
  } catch {
    // Without session storage the key shows only until the page changes.
  }
}

/** Whether this tab saved the complaint `id`. */
export function savedInThisTab(id: string): boolean {
  try {
    return (JSON.parse(window.sessionStorage.getItem(THIS_TAB_KEY) ?? '[]') as string[]).includes(id);
  } catch {
    return false;
  }
}
