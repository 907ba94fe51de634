/** One thing wrong with a record: where (JSON path inside the record) and a sentence saying what and how to fix it. */
export interface Problem {
  path: string;
  message: string;
}
