/**
 * The file name a server gave in Content-Disposition: the UTF-8 `filename*` (RFC 5987, e.g.
 * 隐患清单-2026-12-06.xlsx, dated in the town's time zone) when present, else the plain `filename`.
 * Null when there is none.
 */
export function fileNameFromDisposition(header: string | null): string | null {
  if (!header) return null;
  const extended = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(header);
  if (extended) {
    try {
      return decodeURIComponent(extended[1].trim());
    } catch {
      // a malformed escape: fall back to the plain name
    }
  }
  const plain = /filename\s*=\s*"([^"]*)"/i.exec(header) ?? /filename\s*=\s*([^;]+)/i.exec(header);
  const name = plain?.[1].trim();
  return name ? name : null;
}

/**
 * Hands a fetched file to the browser as a download. A File the server named (see the API client)
 * keeps that name; `fallback` is only for a Blob without one.
 */
export function saveBlob(blob: Blob, fallback: string): void {
  const filename = blob instanceof File && blob.name ? blob.name : fallback;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
