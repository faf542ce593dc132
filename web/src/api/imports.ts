// POST /api/v1/import/{enterprises|hazards} (the file as the body, ?dry_run=true for the check)
// and GET /api/v1/import/{kind}/template.xlsx (docs/import.md).
import { http } from './http';

export type ImportKind = 'enterprises' | 'hazards';

export interface ImportIssue {
  /** The row as the sheet shows it (header row 1 → first data row 2); 0 for the whole file. */
  row: number;
  field: string;
  /** The column's header as the sheet writes it. */
  column: string;
  message: string;
}

export interface ImportReport {
  dry_run: boolean;
  total_rows: number;
  valid_rows: number;
  created: number;
  errors: ImportIssue[];
  warnings: ImportIssue[];
  headers: string[];
  rows: { row: number; cells: string[] }[];
}

const SHEET_TYPES = [
  'text/csv',
  'text/plain',
  'application/csv',
  'application/vnd.ms-excel',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
];

/** What the server is told the file is: the browser's type when it is one the server takes, else
 *  octet-stream (the server reads the content: CSV UTF-8/GBK or .xlsx). */
export function uploadType(file: Blob): string {
  return SHEET_TYPES.includes(file.type) ? file.type : 'application/octet-stream';
}

export function runImport(kind: ImportKind, file: Blob, dryRun: boolean): Promise<ImportReport> {
  return http.request<ImportReport>(`/import/${kind}`, {
    method: 'POST',
    query: dryRun ? { dry_run: true } : {},
    raw: file,
    contentType: uploadType(file),
  });
}

export function downloadTemplate(kind: ImportKind): Promise<Blob> {
  return http.get<Blob>(`/import/${kind}/template.xlsx`, {}, { responseType: 'blob' });
}
