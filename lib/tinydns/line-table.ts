// The lines of a data file kept for the checks that need the whole file, as typed arrays.
/** Lines kept for the checks that need the whole file (duplicates, CNAME clashes). */
export interface LineTable {
  count: number;
  start: Int32Array;
  end: Int32Array;
  hash: Int32Array;
  kind: Uint8Array;
  line: Int32Array;
  /** Hash of the name (the first field), case folded. */
  nameHash: Int32Array;
}
