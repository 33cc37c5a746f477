// Syntax nodes read straight from tree-sitter's memory. web-tree-sitter answers each question of a
// node (its type, a child, a field) with a call into wasm that copies the node in and out; the
// analyses ask hundreds of thousands of them when a large driver is opened, and those calls were
// most of its cost. The layout read here is tree-sitter 0.25's (lib/src/subtree.h, tree.h,
// parser.h) on wasm32; `checkMemoryReader` compares it with web-tree-sitter's own answers when the
// grammars load, and the engine keeps web-tree-sitter's nodes if they differ.
import type { Language, Tree as WasmTree } from 'web-tree-sitter';
import type { Node, Point, Tree } from './syntaxNode';

/** The views web-tree-sitter keeps on the object given to Parser.init (renewed when memory grows). */
export interface WasmHeap {
  HEAPU8?: Uint8Array;
  HEAPU16?: Uint16Array;
  HEAPU32?: Uint32Array;
}

const ERROR_SYMBOL = 0xffff;
const ERROR_REPEAT_SYMBOL = 0xfffe;

/** What a tree needs of its language, read once per language. */
class LanguageTables {
  readonly fieldCount: number;
  readonly maxAliasLength: number;
  readonly fieldMapSlices: number;
  readonly fieldMapEntries: number;
  readonly symbolMetadata: number;
  readonly publicSymbolMap: number;
  readonly aliasSequences: number;
  readonly fieldIds = new Map<string, number>();
  /** Names some anonymous node has (punctuation, keywords; a few are also named in C++). */
  readonly anonymousNames = new Set<string>();

  constructor(
    readonly language: Language,
    address: number,
    u32: Uint32Array,
    u16: Uint16Array,
  ) {
    const word = (i: number) => u32[(address >> 2) + i];
    this.fieldCount = word(8);
    this.maxAliasLength = u16[(address + 36) >> 1];
    this.fieldMapSlices = word(16);
    this.fieldMapEntries = word(17);
    this.symbolMetadata = word(18);
    this.publicSymbolMap = word(19);
    this.aliasSequences = word(21);
    language.fields.forEach((name, id) => {
      if (name && id) this.fieldIds.set(name, id);
    });
    for (let id = 0; id < language.nodeTypeCount; id++) {
      const name = language.nodeTypeForId(id);
      if (name && !language.nodeTypeIsNamed(id)) this.anonymousNames.add(name);
    }
  }
}

const tablesByAddress = new Map<number, LanguageTables>();

/** A parsed tree whose nodes are read from memory; `raw` is web-tree-sitter's, which owns it. */
export class MemoryTree implements Tree {
  private root: MemoryNode | undefined;
  readonly tables: LanguageTables;
  /** web-tree-sitter's TSTree pointer: its first field is the root subtree, the language follows. */
  private readonly address: number;

  constructor(
    readonly raw: WasmTree,
    /** The text the tree was parsed from. */
    readonly text: string,
    private readonly heap: WasmHeap,
  ) {
    this.address = (raw as unknown as { 0: number })[0];
    const languageAddress = this.u32[(this.address + 8) >> 2];
    let tables = tablesByAddress.get(languageAddress);
    if (!tables) {
      tables = new LanguageTables(raw.language, languageAddress, this.u32, this.u16);
      tablesByAddress.set(languageAddress, tables);
    }
    this.tables = tables;
  }

  /** The nodes that made their children (or named children) since the last forgetNodes. */
  private parents: MemoryNode[] = [];

  /**
   * Lets go of the nodes made so far (a node keeps its children once asked): after the analysis
   * of a version, an open file's tree would hold one object per node of the file. Nodes kept
   * elsewhere still answer; they make their children again when asked. Every node that made
   * children is let go of, not only those under the current root: a node kept by a cache from an
   * earlier pass makes children under the root of that pass, which a walk from the new root would
   * not reach (a second check of an open file kept about 60,000 nodes so).
   */
  forgetNodes(): void {
    this.root = undefined;
    const parents = this.parents;
    this.parents = [];
    for (let i = 0; i < parents.length; i++) parents[i].forgetChildren();
  }

  /** Notes a node that made its children, for forgetNodes. */
  madeChildren(node: MemoryNode): void {
    this.parents.push(node);
  }

  // Read on each use: growing the memory replaces the views (web-tree-sitter renews them there).
  get u8(): Uint8Array {
    return this.heap.HEAPU8!;
  }

  get u16(): Uint16Array {
    return this.heap.HEAPU16!;
  }

  get u32(): Uint32Array {
    return this.heap.HEAPU32!;
  }

  get rootNode(): Node {
    if (!this.root) {
      const padding = this.padding(this.address);
      this.root = new MemoryNode(this, this.address, padding[0], padding[1], padding[2], 0, 0, null);
    }
    return this.root;
  }

  heapData(slot: number): number {
    return this.u32[slot >> 2];
  }

  /** [bytes, rows, columns] of the whitespace before the subtree. */
  padding(slot: number): [number, number, number] {
    const u8 = this.u8;
    if (u8[slot] & 1) return [u8[slot + 6], u8[slot + 5] & 15, u8[slot + 4]];
    const p = this.u32[slot >> 2] >> 2;
    return [this.u32[p + 1], this.u32[p + 2], this.u32[p + 3]];
  }

  /** [bytes, rows, columns] of the subtree itself. */
  size(slot: number): [number, number, number] {
    const u8 = this.u8;
    if (u8[slot] & 1) return [u8[slot + 7], 0, u8[slot + 7]];
    const p = this.u32[slot >> 2] >> 2;
    return [this.u32[p + 4], this.u32[p + 5], this.u32[p + 6]];
  }

  paddingBytes(slot: number): number {
    return this.u8[slot] & 1 ? this.u8[slot + 6] : this.u32[(this.u32[slot >> 2] >> 2) + 1];
  }

  sizeBytes(slot: number): number {
    return this.u8[slot] & 1 ? this.u8[slot + 7] : this.u32[(this.u32[slot >> 2] >> 2) + 4];
  }

  symbol(slot: number): number {
    return this.u8[slot] & 1 ? this.u8[slot + 1] : this.u16[(this.u32[slot >> 2] + 40) >> 1];
  }

  visible(slot: number): boolean {
    return this.u8[slot] & 1 ? (this.u8[slot] & 2) !== 0 : (this.u8[this.u32[slot >> 2] + 44] & 1) !== 0;
  }

  named(slot: number): boolean {
    return this.u8[slot] & 1 ? (this.u8[slot] & 4) !== 0 : (this.u8[this.u32[slot >> 2] + 44] & 2) !== 0;
  }

  extra(slot: number): boolean {
    return this.u8[slot] & 1 ? (this.u8[slot] & 8) !== 0 : (this.u8[this.u32[slot >> 2] + 44] & 4) !== 0;
  }

  missing(slot: number): boolean {
    return this.u8[slot] & 1 ? (this.u8[slot] & 32) !== 0 : (this.u8[this.u32[slot >> 2] + 45] & 2) !== 0;
  }

  childCount(slot: number): number {
    return this.u8[slot] & 1 ? 0 : this.u32[(this.u32[slot >> 2] >> 2) + 9];
  }

  /** Visible children, hidden ones' counted through (ts_node_child_count). */
  visibleChildCount(slot: number): number {
    return this.childCount(slot) ? this.u32[(this.u32[slot >> 2] >> 2) + 12] : 0;
  }

  /** Named children of a node with children, hidden ones' counted through (ts_node__relevant_child_count). */
  namedChildCountOf(slot: number): number {
    return this.childCount(slot) ? this.u32[(this.u32[slot >> 2] >> 2) + 13] : 0;
  }

  errorCost(slot: number): number {
    if (this.missing(slot)) return 1;
    return this.u8[slot] & 1 ? 0 : this.u32[(this.u32[slot >> 2] >> 2) + 8];
  }

  visibleDescendants(slot: number): number {
    return this.childCount(slot) ? this.u32[(this.u32[slot >> 2] >> 2) + 14] : 0;
  }

  productionId(slot: number): number {
    return this.childCount(slot) ? this.u16[(this.u32[slot >> 2] + 66) >> 1] : 0;
  }

  publicSymbol(symbol: number): number {
    return symbol === ERROR_SYMBOL ? symbol : this.u16[(this.tables.publicSymbolMap >> 1) + symbol];
  }

  symbolNamed(symbol: number): boolean {
    if (symbol === ERROR_SYMBOL) return true;
    if (symbol === ERROR_REPEAT_SYMBOL) return false;
    return this.u8[this.tables.symbolMetadata + symbol * 3 + 1] !== 0;
  }

  typeName(symbol: number): string {
    return this.tables.language.types[this.publicSymbol(symbol)] || 'ERROR';
  }

  /** The field of the child at `structural` index of a production, unless only inherited. */
  fieldAt(productionId: number, structural: number): number {
    const t = this.tables;
    if (!t.fieldCount) return 0;
    const slice = (t.fieldMapSlices >> 1) + productionId * 2;
    const index = this.u16[slice];
    const length = this.u16[slice + 1];
    for (let e = t.fieldMapEntries + index * 4, end = e + length * 4; e < end; e += 4) {
      if (this.u8[e + 2] === structural && this.u8[e + 3] === 0) return this.u16[e >> 1];
    }
    return 0;
  }

  /**
   * The subtree ts_node_child_by_field_id answers: the production's own field entries only, into
   * children where an entry is inherited (an ERROR node has none, unlike a tree cursor). The visible
   * nodes it went into are added to `path`: the answer can be a grandchild.
   */
  childByField(slot: number, field: number, path: SlotPath): number {
    for (;;) {
      if (!this.visibleChildCount(slot)) return 0;
      const t = this.tables;
      if (!t.fieldCount) return 0;
      const productionId = this.productionId(slot);
      const sliceAt = (t.fieldMapSlices >> 1) + productionId * 2;
      const first = t.fieldMapEntries + this.u16[sliceAt] * 4;
      let entry = first;
      let end = first + this.u16[sliceAt + 1] * 4;
      while (entry < end && this.u16[entry >> 1] < field) entry += 4;
      while (end > entry && this.u16[(end - 4) >> 1] > field) end -= 4;
      if (entry === end) return 0;
      const count = this.childCount(slot);
      const children = this.heapData(slot) - count * 8;
      let structural = 0;
      let descend = 0;
      for (let i = 0; i < count && !descend; i++) {
        const child = children + i * 8;
        if (this.extra(child)) continue;
        const index = structural++;
        if (index < this.u8[entry + 2]) continue;
        if (this.u8[entry + 3]) {
          const visible = this.visible(child) || this.aliasAt(productionId, index) !== 0;
          if (entry + 4 === end) {
            descend = child;
            if (visible) path.push(child);
          } else {
            const depth = path.length;
            if (visible) path.push(child);
            const found = this.childByField(child, field, path);
            if (found) return found;
            path.length = depth;
            entry += 4;
            if (entry === end) return 0;
          }
        } else if (this.visible(child) || this.aliasAt(productionId, index)) return child;
        else if (this.visibleChildCount(child)) return this.firstVisible(child);
        else {
          entry += 4;
          if (entry === end) return 0;
        }
      }
      if (!descend) return 0;
      slot = descend;
    }
  }

  /** The first visible node inside a hidden one (ts_node_child(node, 0)). */
  private firstVisible(slot: number): number {
    const count = this.childCount(slot);
    const productionId = this.productionId(slot);
    const children = this.heapData(slot) - count * 8;
    let structural = 0;
    for (let i = 0; i < count; i++) {
      const child = children + i * 8;
      const alias = this.extra(child) ? 0 : this.aliasAt(productionId, structural++);
      if (this.visible(child) || alias) return child;
      if (this.visibleChildCount(child)) return this.firstVisible(child);
    }
    return 0;
  }

  aliasAt(productionId: number, structural: number): number {
    const t = this.tables;
    if (!productionId) return 0;
    return this.u16[(t.aliasSequences >> 1) + productionId * t.maxAliasLength + structural];
  }
}

/**
 * Subtrees from a node down to one of its descendants, in an array that never shrinks: one
 * emptied by `length = 0` lets go of its storage, and each question would allocate another.
 */
class SlotPath {
  readonly slots: number[] = [];
  length = 0;

  push(slot: number): void {
    this.slots[this.length++] = slot;
  }
}

/**
 * The path of childForFieldName and descendantForIndex, reused: their walks are synchronous and
 * never nested.
 */
const PATH = new SlotPath();

/** One node of a MemoryTree: where its subtree is and where it starts, as tree-sitter's TSNode. */
export class MemoryNode implements Node {
  private kids: MemoryNode[] | undefined;
  private namedKids: MemoryNode[] | undefined;
  private typeCache: string | undefined;
  /** Fields asked of this node, as field id then answer: the analyses ask a function's declarator
   * or a call's arguments five times each on one check, and each answer walked the field map. */
  private fields: (number | MemoryNode | null)[] | undefined;
  /** This node and its named descendants, once some were asked for by type (descendantsOfType). */
  private namedBelow: Walked | undefined;
  readonly endIndex: number;

  constructor(
    readonly tree: MemoryTree,
    /** Address of the subtree: tree-sitter's node id. */
    readonly id: number,
    private readonly startByte: number,
    private readonly startRow: number,
    private readonly startColumnBytes: number,
    private readonly alias: number,
    /** The field this node is in its parent, as a tree cursor names it (0: none). */
    readonly fieldId: number,
    readonly parent: MemoryNode | null,
  ) {
    this.endIndex = (startByte + tree.sizeBytes(id)) >> 1;
  }

  get startIndex(): number {
    return this.startByte >> 1;
  }

  get startPosition(): Point {
    return { row: this.startRow, column: this.startColumnBytes >> 1 };
  }

  get endPosition(): Point {
    const [, rows, columns] = this.tree.size(this.id);
    return rows > 0
      ? { row: this.startRow + rows, column: columns >> 1 }
      : { row: this.startRow, column: (this.startColumnBytes + columns) >> 1 };
  }

  get type(): string {
    return (this.typeCache ??= this.tree.typeName(this.alias || this.tree.symbol(this.id)));
  }

  get text(): string {
    return this.tree.text.slice(this.startIndex, this.endIndex);
  }

  get isNamed(): boolean {
    return this.alias ? this.tree.symbolNamed(this.alias) : this.tree.named(this.id);
  }

  get isMissing(): boolean {
    return this.tree.missing(this.id);
  }

  get hasError(): boolean {
    return this.tree.errorCost(this.id) > 0;
  }

  get isError(): boolean {
    return this.tree.publicSymbol(this.alias || this.tree.symbol(this.id)) === ERROR_SYMBOL;
  }

  get descendantCount(): number {
    return this.tree.visibleDescendants(this.id) + 1;
  }

  /** Drops this node's children, made or not (forgetNodes). */
  forgetChildren(): void {
    this.kids = this.namedKids = undefined;
    this.fields = this.namedBelow = undefined;
  }

  // A node's children and its named children share their objects, whichever is asked first: the
  // engine asks both of most nodes, and two objects per node (each making its own subtree when
  // walked) were a third of the nodes a check made, all kept until its end.
  get children(): MemoryNode[] {
    if (!this.kids) {
      const named = this.namedKids;
      if (!named) this.tree.madeChildren(this);
      this.kids = named ? adoptNamed(this.collect(true), named, this) : this.collect(true);
    }
    return this.kids;
  }

  get namedChildren(): MemoryNode[] {
    if (!this.namedKids) {
      const kids = this.kids;
      if (!kids) this.tree.madeChildren(this);
      this.namedKids = kids ? namedAmong(kids) : this.collect(false);
    }
    return this.namedKids;
  }

  get namedChildCount(): number {
    return this.namedChildren.length;
  }

  namedChild(index: number): MemoryNode | null {
    return this.namedChildren[index] ?? null;
  }

  get lastChild(): MemoryNode | null {
    const kids = this.children;
    return kids.length ? kids[kids.length - 1] : null;
  }

  // As ts_node__prev_sibling and ts_node__next_sibling decide, by where the nodes end: an empty
  // node right after this one is not its next sibling.
  get previousNamedSibling(): MemoryNode | null {
    if (!this.parent) return null;
    const empty = this.startIndex === this.endIndex;
    let found: MemoryNode | null = null;
    for (const k of this.parent.children) {
      if (k.id === this.id) break;
      if (k.endIndex > this.endIndex || (k.endIndex === this.endIndex && !empty)) break;
      if (k.isNamed) found = k;
    }
    return found;
  }

  get nextNamedSibling(): MemoryNode | null {
    if (!this.parent) return null;
    const empty = this.startIndex === this.endIndex;
    for (const k of this.parent.children) {
      if (k.endIndex <= this.endIndex) continue;
      if (empty ? k.startIndex < this.startIndex : k.startIndex <= this.startIndex) continue;
      if (k.isNamed) return k;
    }
    return null;
  }

  childForFieldName(name: string): MemoryNode | null {
    const field = this.tree.tables.fieldIds.get(name);
    if (!field) return null;
    // Field id, answer, field id, answer…: a node is asked one to three fields, and a Map for each
    // cost more in collections than the walks it saved.
    const fields = (this.fields ??= []);
    for (let i = 0; i < fields.length; i += 2)
      if (fields[i] === field) return fields[i + 1] as MemoryNode | null;
    const found = this.fieldChild(field);
    fields.push(field, found);
    return found;
  }

  private fieldChild(field: number): MemoryNode | null {
    // Most fields are a direct child: the path of hidden nodes between is then empty.
    const path = PATH;
    path.length = 0;
    const slot = this.tree.childByField(this.id, field, path);
    if (!slot) return null;
    path.push(slot);
    return this.along(path);
  }

  childrenForFieldName(name: string): MemoryNode[] {
    const field = this.tree.tables.fieldIds.get(name);
    return field ? this.children.filter((k) => k.fieldId === field) : [];
  }

  descendantsOfType(types: string | string[]): MemoryNode[] {
    const wanted = typeof types === 'string' ? [types] : types;
    // Named nodes are all found through named children (a named node inside an anonymous one is
    // among them): the walk then makes no object for the punctuation and keywords, two nodes in
    // five of a driver, which a check kept until its end.
    const anonymous = this.tree.tables.anonymousNames;
    if (wanted.some((t) => anonymous.has(t))) return exact(this.walk(wanted, false));
    // The analyses ask one body for its calls, its assignments, its declarations…: it is walked
    // once, and each list of types picks its nodes from that walk.
    const { list, from, to } = (this.namedBelow ??= this.walked());
    // Counted first: the answer is made at its size, not grown and copied.
    let count = 0;
    for (let i = from; i < to; i++) if (wanted.includes(list[i].type)) count++;
    const out = new Array<MemoryNode>(count);
    for (let i = from, k = 0; k < count; i++) if (wanted.includes(list[i].type)) out[k++] = list[i];
    return out;
  }

  /**
   * This node and its named descendants in document order. Under a node already walked they are
   * a range of its walk (a function's body is walked, then each of its statements is asked):
   * one list per walk instead of one per node asked, which a check kept until its end.
   */
  private walked(): Walked {
    for (let above = this.parent; above; above = above.parent) {
      if (!above.namedBelow) continue;
      const range = rangeWithin(above.namedBelow, this);
      if (range) return range;
      break;
    }
    const list = exact(this.walk(undefined, true));
    return { list, from: 0, to: list.length };
  }

  /** This node and its descendants in document order, of the `wanted` types (all without). */
  private walk(wanted: string[] | undefined, named: boolean): MemoryNode[] {
    const out: MemoryNode[] = [];
    const stack: MemoryNode[] = [this];
    while (stack.length) {
      const n = stack.pop()!;
      // tree-sitter's walk passes over nodes that end at the very start of the file.
      if (n.endIndex === 0) continue;
      if (!wanted || wanted.includes(n.type)) out.push(n);
      const kids = named ? n.namedChildren : n.children;
      for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]);
    }
    return out;
  }

  /**
   * As ts_node_descendant_for_byte_range: down through the hidden nodes too, whose extent decides
   * (an empty token at the end of a hidden node is not reached from outside it).
   */
  descendantForIndex(start: number, end = start): MemoryNode | null {
    if (start > end) return null;
    const from = start << 1;
    const to = end << 1;
    const tree = this.tree;
    const path = PATH;
    path.length = 0;
    let slot = this.id;
    let startByte = this.startByte;
    for (;;) {
      const count = tree.childCount(slot);
      const productionId = tree.productionId(slot);
      const children = tree.heapData(slot) - count * 8;
      let next = 0;
      let bytes = startByte;
      let structural = 0;
      for (let i = 0; i < count; i++) {
        const child = children + i * 8;
        const alias = tree.extra(child) ? 0 : tree.aliasAt(productionId, structural++);
        if (i > 0) bytes += tree.paddingBytes(child);
        const childStart = bytes;
        bytes += tree.sizeBytes(child);
        if (bytes < to) continue;
        if (childStart === bytes ? bytes < from : bytes <= from) continue;
        if (from < childStart) break;
        next = child;
        startByte = childStart;
        if (tree.visible(child) || alias) path.push(child);
        break;
      }
      if (!next) break;
      slot = next;
    }
    return this.along(path);
  }

  /** The node at the end of `path`: visible descendants, each a child of the one before. */
  private along(path: SlotPath): MemoryNode | null {
    // Loops, not recursion or iterators: the path can be thousands of nodes deep, and this runs
    // for every field asked, unoptimised at first (an iterator allocates at each step then).
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    let node: MemoryNode = this;
    for (let i = 0; i < path.length; i++) {
      const id = path.slots[i];
      // Most steps are to a named node: its siblings' punctuation is made only when one is not.
      const next = childWithId(node.namedChildren, id) ?? childWithId(node.children, id);
      if (!next) return null;
      node = next;
    }
    return node;
  }

  firstChildForIndex(index: number): MemoryNode | null {
    for (const child of this.children) if (child.endIndex > index) return child;
    return null;
  }

  /**
   * The children tree-sitter shows (all visible ones, or the named ones), found through the hidden
   * nodes between, with each one's alias and field worked out as ts_node_child_iterator_next and
   * ts_tree_cursor_current_field_id do.
   */
  private collect(anonymous: boolean): MemoryNode[] {
    const out: MemoryNode[] = [];
    const tree = this.tree;
    if (!tree.childCount(this.id)) return out;
    this.visit(this.id, this.startByte, this.startRow, this.startColumnBytes, 0, anonymous, this, out);
    return exact(out);
  }

  private visit(
    slot: number,
    startByte: number,
    startRow: number,
    startColumn: number,
    outerField: number,
    anonymous: boolean,
    parent: MemoryNode,
    out: MemoryNode[],
  ): void {
    const tree = this.tree;
    const u8 = tree.u8;
    const u32 = tree.u32;
    const data = u32[slot >> 2];
    const count = u32[(data >> 2) + 9];
    const productionId = tree.productionId(slot);
    let bytes = startByte;
    let row = startRow;
    let column = startColumn;
    let structural = 0;
    for (let i = 0, child = data - count * 8; i < count; i++, child += 8) {
      const inline = (u8[child] & 1) === 1;
      const childData = inline ? 0 : u32[child >> 2];
      const flags = inline ? u8[child] >> 1 : u8[childData + 44];
      // visible, named and extra are bits 0-2 of `flags` either way.
      const extra = (flags & 4) !== 0;
      let alias = 0;
      let field = 0;
      if (!extra) {
        alias = tree.aliasAt(productionId, structural);
        field = tree.fieldAt(productionId, structural) || outerField;
        structural++;
      }
      if (i > 0) {
        const paddingRows = inline ? u8[child + 5] & 15 : u32[(childData >> 2) + 2];
        const paddingColumns = inline ? u8[child + 4] : u32[(childData >> 2) + 3];
        bytes += inline ? u8[child + 6] : u32[(childData >> 2) + 1];
        if (paddingRows > 0) {
          row += paddingRows;
          column = paddingColumns;
        } else column += paddingColumns;
      }
      const visible = (flags & 1) !== 0 || alias !== 0;
      const named = alias ? tree.symbolNamed(alias) : (flags & 3) === 3;
      const relevant = anonymous ? visible : named;
      if (relevant) out.push(new MemoryNode(tree, child, bytes, row, column, alias, field, parent));
      else if (!inline && (anonymous ? u32[(childData >> 2) + 9] > 0 : tree.namedChildCountOf(child) > 0)) {
        // A visible node skipped for its name still parents what it holds.
        const holder = visible
          ? new MemoryNode(tree, child, bytes, row, column, alias, field, parent)
          : parent;
        this.visit(child, bytes, row, column, visible || extra ? 0 : field, anonymous, holder, out);
      }
      if (inline) {
        bytes += u8[child + 7];
        column += u8[child + 7];
      } else {
        const sizeRows = u32[(childData >> 2) + 5];
        bytes += u32[(childData >> 2) + 4];
        if (sizeRows > 0) {
          row += sizeRows;
          column = u32[(childData >> 2) + 6];
        } else column += u32[(childData >> 2) + 6];
      }
    }
  }
}

/** Part of a walk (MemoryNode.walked): `list[from]` and the nodes below it, up to `to`. */
interface Walked {
  readonly list: MemoryNode[];
  readonly from: number;
  readonly to: number;
}

/**
 * The range of `node` and its descendants in a walk of one of its ancestors (undefined when the
 * walk does not hold it: an anonymous node). A walk is in document order, so the starts never
 * decrease: `node` is found by its start, and what is below it runs to the first node that
 * starts at its end or after, but for empty nodes at its very end that are inside it.
 */
function rangeWithin(walk: Walked, node: MemoryNode): Walked | undefined {
  const { list } = walk;
  const start = node.startIndex;
  let at = firstStartingAt(list, walk.from, walk.to, start);
  while (at < walk.to && list[at] !== node && list[at].startIndex === start) at++;
  if (at >= walk.to || list[at] !== node) return undefined;
  const end = node.endIndex;
  let to = firstStartingAt(list, at + 1, walk.to, end);
  while (to < walk.to && list[to].startIndex === end && list[to].endIndex === end && isBelow(list[to], node))
    to++;
  return { list, from: at, to };
}

/** The first index in [from, to) whose node starts at `offset` or after (`to` if none). */
function firstStartingAt(list: MemoryNode[], from: number, to: number, offset: number): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].startIndex < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function isBelow(node: MemoryNode, ancestor: MemoryNode): boolean {
  for (let n = node.parent; n; n = n.parent) if (n === ancestor) return true;
  return false;
}

/**
 * `list` without the room `push` left in it: an array pushed to once holds 17 slots. These lists
 * live as long as the check, and every young collection copied that room with them.
 */
function exact<T>(list: T[]): T[] {
  return list.length ? list.slice() : list;
}

function childWithId(kids: MemoryNode[], id: number): MemoryNode | undefined {
  for (let k = 0; k < kids.length; k++) if (kids[k].id === id) return kids[k];
  return undefined;
}

/**
 * The named children, read off the visible ones: a named child is one of them, or inside an
 * anonymous one (as collect(false) finds it, with that node as its parent).
 */
function namedAmong(kids: MemoryNode[]): MemoryNode[] {
  const out: MemoryNode[] = [];
  for (let i = 0; i < kids.length; i++) {
    const kid = kids[i];
    if (kid.isNamed) out.push(kid);
    else if (kid.tree.namedChildCountOf(kid.id) > 0) {
      const inner = kid.namedChildren;
      for (let k = 0; k < inner.length; k++) out.push(inner[k]);
    }
  }
  return exact(out);
}

/** `kids` with the named children already made in their places (both lists are in order). */
function adoptNamed(kids: MemoryNode[], named: MemoryNode[], parent: MemoryNode): MemoryNode[] {
  let j = 0;
  for (let i = 0; i < kids.length; i++) {
    // Named nodes inside an anonymous child are not among `kids`.
    while (j < named.length && named[j].parent !== parent) j++;
    if (j === named.length) break;
    if (named[j].id === kids[i].id) kids[i] = named[j++];
  }
  return kids;
}

/** Per language: whether this runtime's memory reads as expected (checked when the grammar loads). */
const readable = new Map<Language, boolean>();

// Declarations, a definition with fields, an alias (`field_identifier`), errors and a missing token.
const CHECK_SAMPLE =
  'typedef struct _S { int a; char *b; } S;\n' +
  'static int f(_In_ S *s, int n) { if (s->a > n) { return g(s, n + 1); } x = (y);\n' +
  '  for (int i = 0; i < n; i++) { s->b[i] = 0 } return n; }\n' +
  'int h(void) { return f(0, 1 +; }\n';

/** The fields the engine asks for. */
const CHECKED_FIELDS = [
  'body',
  'function',
  'value',
  'declarator',
  'argument',
  'left',
  'right',
  'condition',
  'arguments',
  'type',
];

function sameNode(a: Node | null, b: Node | null): boolean {
  if (!a || !b) return a === b;
  return a.id === b.id && a.type === b.type && a.startIndex === b.startIndex && a.endIndex === b.endIndex;
}

/**
 * Reads the sample both ways and compares every node: should web-tree-sitter's runtime ever lay
 * its trees out otherwise, the engine keeps its nodes (slower, same answers) instead of misreading.
 */
export function checkMemoryReader(
  parser: { parse(text: string): WasmTree | null },
  heap: WasmHeap | undefined,
): boolean {
  const raw = parser.parse(CHECK_SAMPLE);
  if (!raw || !heap?.HEAPU8) return false;
  try {
    const stack: [Node, Node][] = [
      [raw.rootNode as unknown as Node, new MemoryTree(raw, CHECK_SAMPLE, heap).rootNode],
    ];
    while (stack.length) {
      const [a, b] = stack.pop()!;
      if (
        !sameNode(a, b) ||
        a.hasError !== b.hasError ||
        a.isMissing !== b.isMissing ||
        a.isNamed !== b.isNamed
      )
        return false;
      if (a.descendantCount !== b.descendantCount || !sameNode(a.parent, b.parent)) return false;
      if (CHECKED_FIELDS.some((f) => !sameNode(a.childForFieldName(f), b.childForFieldName(f)))) return false;
      const ac = a.children;
      const bc = b.children;
      if (ac.length !== bc.length || a.namedChildCount !== b.namedChildCount) return false;
      for (let i = 0; i < ac.length; i++) stack.push([ac[i]!, bc[i]!]);
    }
    return true;
  } catch {
    return false;
  } finally {
    raw.delete();
  }
}

export function setMemoryReadable(language: Language, ok: boolean): void {
  readable.set(language, ok);
}

/** The tree the engine reads: from memory where that was checked, else web-tree-sitter's own. */
export function syntaxTree(raw: WasmTree, text: string, heap: WasmHeap | undefined): Tree {
  return heap && readable.get(raw.language) ? new MemoryTree(raw, text, heap) : (raw as unknown as Tree);
}
