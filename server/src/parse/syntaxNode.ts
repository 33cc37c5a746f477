// What the engine reads of a syntax tree. web-tree-sitter's own Node answers each of these
// through a call into wasm (a few microseconds with its copying in and out); treeMemory.ts answers
// them from the tree's memory in plain JavaScript. Every analysis is written against this.

export interface Point {
  row: number;
  column: number;
}

export interface Node {
  /** The same subtree at the same place has the same id (see web-tree-sitter's Node.id). */
  readonly id: number;
  readonly tree: Tree;
  readonly type: string;
  readonly text: string;
  /** Offsets and columns in UTF-16 code units, as JavaScript strings count. */
  readonly startIndex: number;
  readonly endIndex: number;
  readonly startPosition: Point;
  readonly endPosition: Point;
  readonly parent: Node | null;
  readonly children: (Node | null)[];
  readonly namedChildren: (Node | null)[];
  readonly namedChildCount: number;
  readonly lastChild: Node | null;
  readonly previousNamedSibling: Node | null;
  readonly nextNamedSibling: Node | null;
  readonly hasError: boolean;
  readonly isError: boolean;
  readonly isMissing: boolean;
  readonly isNamed: boolean;
  /** Visible nodes under this one, itself included. */
  readonly descendantCount: number;
  namedChild(index: number): Node | null;
  childForFieldName(name: string): Node | null;
  childrenForFieldName(name: string): (Node | null)[];
  /** This node and its descendants of the given types, in source order. */
  descendantsOfType(types: string | string[]): (Node | null)[];
  /** The smallest node that spans [start, end]. */
  descendantForIndex(start: number, end?: number): Node | null;
  /** The first child that ends after `index`. */
  firstChildForIndex(index: number): Node | null;
}

export interface Tree {
  readonly rootNode: Node;
}
