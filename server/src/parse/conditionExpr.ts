// Evaluates the expression of an `#if` / `#elif` over what is known, in three values: a number,
// or undefined when it depends on something we cannot see (a macro from a header we do not read).
// Logical operators short-circuit over unknowns: `0 && X` is 0 and `1 || X` is 1 whatever X is.

/** What a macro name is known to be: defined (with its replacement text) or known undefined. */
export type MacroFact = { defined: true; value: string } | { defined: false };

export type MacroLookup = (name: string) => MacroFact | undefined;

type Value = bigint | undefined;

const MAX_DEPTH = 64;

interface Token {
  kind: 'num' | 'id' | 'op' | 'bad';
  text: string;
  value?: bigint;
}

const OPERATORS = [
  '<<',
  '>>',
  '<=',
  '>=',
  '==',
  '!=',
  '&&',
  '||',
  '(',
  ')',
  '!',
  '~',
  '*',
  '/',
  '%',
  '+',
  '-',
  '<',
  '>',
  '&',
  '^',
  '|',
  '?',
  ':',
  ',',
];

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (/[0-9]/.test(c)) {
      const m = /^(0[xX][0-9a-fA-F]+|[0-9]+)([uUlL]|i64|I64)*/.exec(text.slice(i))!;
      const digits = m[1];
      let value: bigint | undefined;
      try {
        value = /^0[0-7]+$/.test(digits) ? BigInt('0o' + digits.slice(1)) : BigInt(digits);
      } catch {
        value = undefined;
      }
      tokens.push(value === undefined ? { kind: 'bad', text: m[0] } : { kind: 'num', text: m[0], value });
      i += m[0].length;
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i))!;
      tokens.push({ kind: 'id', text: m[0] });
      i += m[0].length;
      continue;
    }
    const op = OPERATORS.find((o) => text.startsWith(o, i));
    if (op) {
      tokens.push({ kind: 'op', text: op });
      i += op.length;
      continue;
    }
    // Character literals, strings and anything else: not something we evaluate.
    tokens.push({ kind: 'bad', text: c });
    i++;
  }
  return tokens;
}

const BINARY: Record<string, number> = {
  '*': 10,
  '/': 10,
  '%': 10,
  '+': 9,
  '-': 9,
  '<<': 8,
  '>>': 8,
  '<': 7,
  '>': 7,
  '<=': 7,
  '>=': 7,
  '==': 6,
  '!=': 6,
  '&': 5,
  '^': 4,
  '|': 3,
  '&&': 2,
  '||': 1,
};

const truth = (v: bigint): bigint => (v !== 0n ? 1n : 0n);

class Evaluator {
  private pos = 0;
  /** Set when the expression is malformed: the whole result is then unknown. */
  failed = false;

  constructor(
    private readonly tokens: Token[],
    private readonly lookup: MacroLookup,
    private readonly depth: number,
  ) {}

  run(): Value {
    const v = this.ternary();
    if (this.pos !== this.tokens.length || this.failed) return undefined;
    return v;
  }

  private peek(): Token | undefined {
    return this.tokens[this.pos];
  }

  private take(op: string): boolean {
    const t = this.peek();
    if (t?.kind === 'op' && t.text === op) {
      this.pos++;
      return true;
    }
    return false;
  }

  private ternary(): Value {
    const cond = this.binary(1);
    if (!this.take('?')) return cond;
    const a = this.ternary();
    if (!this.take(':')) {
      this.failed = true;
      return undefined;
    }
    const b = this.ternary();
    if (cond === undefined) return a !== undefined && a === b ? a : undefined;
    return cond !== 0n ? a : b;
  }

  private binary(minPrec: number): Value {
    let left = this.unary();
    for (;;) {
      const t = this.peek();
      const prec = t?.kind === 'op' ? BINARY[t.text] : undefined;
      if (prec === undefined || prec < minPrec) return left;
      this.pos++;
      const right = this.binary(prec + 1);
      left = apply(t!.text, left, right);
    }
  }

  private unary(): Value {
    if (this.take('!')) return map(this.unary(), (v) => (v === 0n ? 1n : 0n));
    if (this.take('~')) return map(this.unary(), (v) => ~v);
    if (this.take('-')) return map(this.unary(), (v) => -v);
    if (this.take('+')) return this.unary();
    return this.primary();
  }

  private primary(): Value {
    const t = this.peek();
    if (!t) {
      this.failed = true;
      return undefined;
    }
    this.pos++;
    if (t.kind === 'num') return t.value;
    if (t.kind === 'op' && t.text === '(') {
      const v = this.ternary();
      if (!this.take(')')) this.failed = true;
      return v;
    }
    if (t.kind === 'id') {
      if (t.text === 'defined') return this.defined();
      // A function-like macro call: we do not expand those.
      if (this.peek()?.kind === 'op' && this.peek()!.text === '(') {
        this.skipParenthesised();
        return undefined;
      }
      return this.identifier(t.text);
    }
    this.failed = true;
    return undefined;
  }

  private defined(): Value {
    const paren = this.take('(');
    const name = this.peek();
    if (name?.kind !== 'id') {
      this.failed = true;
      return undefined;
    }
    this.pos++;
    if (paren && !this.take(')')) this.failed = true;
    const fact = this.lookup(name.text);
    if (!fact) return undefined;
    return fact.defined ? 1n : 0n;
  }

  private identifier(name: string): Value {
    const fact = this.lookup(name);
    if (!fact) return undefined;
    // An identifier the preprocessor knows is not a macro counts as 0.
    if (!fact.defined) return 0n;
    if (this.depth >= MAX_DEPTH || !fact.value.trim()) return undefined;
    return evaluateCondition(fact.value, this.lookup, this.depth + 1);
  }

  private skipParenthesised(): void {
    let depth = 0;
    while (this.pos < this.tokens.length) {
      const t = this.tokens[this.pos++];
      if (t.kind === 'op' && t.text === '(') depth++;
      else if (t.kind === 'op' && t.text === ')' && --depth === 0) return;
    }
    this.failed = true;
  }
}

function map(v: Value, f: (v: bigint) => bigint): Value {
  return v === undefined ? undefined : f(v);
}

function apply(op: string, a: Value, b: Value): Value {
  if (op === '&&') {
    if (a === 0n || b === 0n) return 0n;
    return a === undefined || b === undefined ? undefined : 1n;
  }
  if (op === '||') {
    if ((a !== undefined && a !== 0n) || (b !== undefined && b !== 0n)) return 1n;
    return a === undefined || b === undefined ? undefined : 0n;
  }
  if (a === undefined || b === undefined) return undefined;
  switch (op) {
    case '*':
      return a * b;
    case '/':
      return b === 0n ? undefined : a / b;
    case '%':
      return b === 0n ? undefined : a % b;
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '<<':
      return b < 0n || b > 64n ? undefined : a << b;
    case '>>':
      return b < 0n || b > 64n ? undefined : a >> b;
    case '<':
      return a < b ? 1n : 0n;
    case '>':
      return a > b ? 1n : 0n;
    case '<=':
      return a <= b ? 1n : 0n;
    case '>=':
      return a >= b ? 1n : 0n;
    case '==':
      return a === b ? 1n : 0n;
    case '!=':
      return a !== b ? 1n : 0n;
    case '&':
      return a & b;
    case '^':
      return a ^ b;
    case '|':
      return a | b;
  }
  return undefined;
}

/** The value of a preprocessor expression, or undefined when it cannot be known here. */
export function evaluateCondition(text: string, lookup: MacroLookup, depth = 0): bigint | undefined {
  const tokens = tokenize(text);
  if (!tokens.length || tokens.some((t) => t.kind === 'bad')) return undefined;
  return new Evaluator(tokens, lookup, depth).run();
}

/** `#if` truth in three values. */
export function conditionTruth(text: string, lookup: MacroLookup): boolean | undefined {
  const v = evaluateCondition(text, lookup);
  return v === undefined ? undefined : truth(v) === 1n;
}
