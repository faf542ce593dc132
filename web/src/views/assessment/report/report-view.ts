/** The month before the device's current one as YYYY-MM: the page's default (the last whole month;
 * the server refuses a future month with 422 period). */
export function previousMonth(now: Date = new Date()): string {
  const d = new Date(now.getFullYear(), now.getMonth() - 1, 1);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}

/** A share 0..1 as the PDF prints it ("33.3%"). */
export function percent(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}
