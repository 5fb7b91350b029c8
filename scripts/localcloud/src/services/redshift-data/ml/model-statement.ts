/**
 * Redshift ML's statements, parsed: `CREATE MODEL`, `DROP MODEL [IF EXISTS]`,
 * `SHOW MODEL { ALL | name }`, and the model privileges (`GRANT|REVOKE CREATE MODEL`,
 * `GRANT|REVOKE EXECUTE ON MODEL`). localcloud trains the AUTO OFF kinds (XGBOOST and KMEANS) itself,
 * so anything else (AUTO ON, BYOM, other model types) is refused with the reason. The clauses
 * must come in the order of the CREATE MODEL reference ("follow the order of the keywords").
 */
import { SqlSyntaxError, isTrivia, keywordOf, tokenize, type Token } from '../sql/tokenizer';
import { UnsupportedSqlError } from '../sql/unsupported';

export interface ModelName {
  /** Lower-cased, as PostgreSQL folds unquoted names. @default 'public' */
  readonly schema: string;
  readonly name: string;
}

export type ModelType = 'XGBOOST' | 'KMEANS';

export interface CreateModel {
  readonly kind: 'create';
  readonly model: ModelName;
  /** The training query: the parenthesised SELECT, or `SELECT * FROM <table>`. */
  readonly query: string;
  /** The label column (supervised models only), lower-cased. */
  readonly target?: string;
  /** The prediction function, created in the model's schema. */
  readonly functionName: string;
  readonly iamRole: string;
  readonly modelType: ModelType;
  /** XGBoost's learning objective, e.g. `reg:logistic`. */
  readonly objective?: string;
  /** `'none'` or the JSON list of column sets and transformers. */
  readonly preprocessors: string;
  /** Upper-cased keys, values as written. */
  readonly hyperparameters: Readonly<Record<string, string>>;
  /** Upper-cased keys. */
  readonly settings: Readonly<Record<string, string>>;
}

export type ModelStatement =
  | CreateModel
  | { readonly kind: 'drop'; readonly model: ModelName; readonly ifExists: boolean }
  | { readonly kind: 'show'; readonly model: ModelName | 'ALL' }
  | {
      /** `GRANT|REVOKE CREATE MODEL` or `… EXECUTE ON MODEL m`: checked, recorded as granted. */
      readonly kind: 'grant';
      readonly model?: ModelName;
      readonly grantees: readonly string[];
    };

/** The clauses after FROM, in the order the reference requires. */
const CLAUSE_ORDER = [
  'TARGET',
  'FUNCTION',
  'IAM_ROLE',
  'AUTO',
  'MODEL_TYPE',
  'OBJECTIVE',
  'PREPROCESSORS',
  'HYPERPARAMETERS',
  'SETTINGS',
] as const;
type Clause = (typeof CLAUSE_ORDER)[number];

/** The objectives whose prediction localcloud can give: a probability, or the class. */
export const SUPPORTED_OBJECTIVES = ['reg:logistic', 'binary:logistic'] as const;

/** True when the statement is one of Redshift ML's, its privileges included. */
export function isModelStatement(sql: string): boolean {
  const words = significant(tokenize(sql)).slice(0, 4).map(keywordOf);
  if ((words[0] === 'CREATE' || words[0] === 'DROP' || words[0] === 'SHOW') && words[1] === 'MODEL')
    return true;
  const granting = words[0] === 'GRANT' || words[0] === 'REVOKE';
  return (
    granting &&
    ((words[1] === 'CREATE' && words[2] === 'MODEL') ||
      (words[1] === 'EXECUTE' && words[2] === 'ON' && words[3] === 'MODEL'))
  );
}

/** @throws UnsupportedSqlError or SqlSyntaxError, before anything runs */
export function parseModelStatement(sql: string): ModelStatement {
  const tokens = significant(tokenize(sql));
  const reader = new Reader(tokens, sql);
  const verb = reader.keyword();
  if (verb === 'GRANT' || verb === 'REVOKE') return parseGrant(reader, verb);
  reader.expect('MODEL');
  if (verb === 'DROP') {
    const ifExists = reader.acceptWords('IF', 'EXISTS');
    const model = reader.modelName();
    reader.end();
    return { kind: 'drop', model, ifExists };
  }
  if (verb === 'SHOW') {
    const model = reader.acceptWords('ALL') ? 'ALL' : reader.modelName();
    reader.end();
    return { kind: 'show', model };
  }
  return parseCreate(reader);
}

function parseGrant(reader: Reader, verb: 'GRANT' | 'REVOKE'): ModelStatement {
  let model: ModelName | undefined;
  if (reader.acceptWords('CREATE', 'MODEL')) model = undefined;
  else {
    reader.expect('EXECUTE');
    reader.expect('ON');
    reader.expect('MODEL');
    model = reader.modelName();
  }
  reader.expect(verb === 'GRANT' ? 'TO' : 'FROM');
  const grantees: string[] = [];
  do {
    reader.acceptWords('ROLE');
    const grantee = reader.next();
    if (grantee.kind !== 'word' && grantee.kind !== 'quoted')
      throw reader.syntax('expected a user or role', grantee);
    grantees.push(
      grantee.kind === 'quoted' ? grantee.text.slice(1, -1) : grantee.text.toLowerCase(),
    );
  } while (reader.acceptPunct(','));
  reader.end();
  return { kind: 'grant', ...(model !== undefined && { model }), grantees };
}

function parseCreate(reader: Reader): CreateModel {
  const model = reader.modelName();
  reader.expect('FROM');
  const query = reader.fromSource();
  const clauses = new Map<Clause, Token[]>();
  let last = -1;
  while (!reader.done()) {
    const at = reader.peek();
    const word = keywordOf(at) as Clause | undefined;
    const order = word === undefined ? -1 : CLAUSE_ORDER.indexOf(word);
    if (order < 0) throw reader.unsupported(at?.text ?? '', 'is not a clause localcloud knows');
    if (order <= last) throw reader.syntax(`${word} must come before ${CLAUSE_ORDER[last]}`, at);
    last = order;
    reader.next();
    clauses.set(word!, reader.clauseValue(word!));
  }
  const text = (clause: Clause): string | undefined => {
    const value = clauses.get(clause);
    return value === undefined ? undefined : value.map((token) => token.text).join(' ');
  };
  const auto = text('AUTO')?.toUpperCase() ?? 'ON';
  if (auto !== 'OFF')
    throw reader.unsupported('AUTO ON', 'localcloud trains AUTO OFF models only (XGBOOST, KMEANS)');
  const modelType = text('MODEL_TYPE')?.toUpperCase();
  if (modelType !== 'XGBOOST' && modelType !== 'KMEANS')
    throw reader.unsupported(
      `MODEL_TYPE ${modelType ?? '(none)'}`,
      'AUTO OFF needs MODEL_TYPE XGBOOST or KMEANS here',
    );
  const functionName = text('FUNCTION');
  if (functionName === undefined || !/^[A-Za-z_][A-Za-z0-9_$]*$/.test(functionName))
    throw reader.syntax('FUNCTION needs a function name (no argument types)', reader.peek());
  const preprocessors = literal(clauses.get('PREPROCESSORS'));
  if (preprocessors === undefined)
    throw reader.syntax('AUTO OFF needs PREPROCESSORS', reader.peek());
  const hyperparameters = options(clauses.get('HYPERPARAMETERS'), reader);
  if (hyperparameters === undefined)
    throw reader.syntax('AUTO OFF needs HYPERPARAMETERS', reader.peek());
  const settings = options(clauses.get('SETTINGS'), reader) ?? {};
  if (settings.S3_BUCKET === undefined)
    throw reader.syntax('SETTINGS needs S3_BUCKET', reader.peek());
  const iamRole = literal(clauses.get('IAM_ROLE')) ?? text('IAM_ROLE');
  if (iamRole === undefined) throw reader.syntax('CREATE MODEL needs IAM_ROLE', reader.peek());
  const target = text('TARGET')?.toLowerCase();
  const objective = literal(clauses.get('OBJECTIVE'));
  if (modelType === 'XGBOOST') {
    if (target === undefined) throw reader.syntax('XGBOOST needs TARGET', reader.peek());
    if (preprocessors.toLowerCase() !== 'none')
      throw reader.syntax("XGBOOST with AUTO OFF takes PREPROCESSORS 'none'", reader.peek());
    if (!(SUPPORTED_OBJECTIVES as readonly (string | undefined)[]).includes(objective))
      throw reader.unsupported(
        `OBJECTIVE ${objective ?? '(none)'}`,
        `localcloud predicts with ${SUPPORTED_OBJECTIVES.join(' or ')}`,
      );
  } else {
    if (target !== undefined) throw reader.syntax('KMEANS takes no TARGET', reader.peek());
    if (!/^[1-9][0-9]*$/.test(hyperparameters.K ?? ''))
      throw reader.syntax("KMEANS needs HYPERPARAMETERS DEFAULT EXCEPT (K '<n>')", reader.peek());
  }
  return {
    kind: 'create',
    model,
    query,
    ...(target !== undefined && { target }),
    functionName: functionName.toLowerCase(),
    iamRole,
    modelType,
    ...(objective !== undefined && { objective }),
    preprocessors,
    hyperparameters,
    settings,
  };
}

function significant(tokens: readonly Token[]): Token[] {
  return tokens.filter((token) => !isTrivia(token));
}

/** The text of a single string literal, unquoted. */
function literal(tokens: readonly Token[] | undefined): string | undefined {
  if (tokens?.length !== 1 || tokens[0]!.kind !== 'string') return undefined;
  return tokens[0]!.text.slice(1, -1).replace(/''/g, "'");
}

/** `DEFAULT EXCEPT ( KEY 'v', … )`, `DEFAULT`, or `( KEY value, … )` as a record. */
function options(tokens: readonly Token[] | undefined, reader: Reader) {
  if (tokens === undefined) return undefined;
  let rest = [...tokens];
  if (keywordOf(rest[0]) === 'DEFAULT') {
    rest = rest.slice(1);
    if (rest.length === 0) return {};
    if (keywordOf(rest[0]) !== 'EXCEPT') throw reader.syntax('expected EXCEPT', rest[0]);
    rest = rest.slice(1);
  }
  if (rest[0]?.text !== '(' || rest[rest.length - 1]?.text !== ')')
    throw reader.syntax('expected a parenthesised list of options', rest[0]);
  const record: Record<string, string> = {};
  const inner = rest.slice(1, -1);
  for (let index = 0; index < inner.length; index += 3) {
    const [key, value, comma] = [inner[index], inner[index + 1], inner[index + 2]];
    if (key?.kind !== 'word' || value === undefined)
      throw reader.syntax('expected KEY value', key ?? rest[0]);
    if (comma !== undefined && comma.text !== ',') throw reader.syntax('expected ,', comma);
    record[key.text.toUpperCase()] =
      value.kind === 'string' ? value.text.slice(1, -1).replace(/''/g, "'") : value.text;
  }
  return record;
}

class Reader {
  private index = 0;
  constructor(
    private readonly tokens: readonly Token[],
    private readonly sql: string,
  ) {}

  done(): boolean {
    return this.index >= this.tokens.length || this.tokens[this.index]!.text === ';';
  }
  peek(): Token | undefined {
    return this.tokens[this.index];
  }
  next(): Token {
    const token = this.tokens[this.index];
    if (token === undefined)
      throw new SqlSyntaxError('unexpected end of statement', this.sql.length);
    this.index += 1;
    return token;
  }
  keyword(): string {
    const token = this.next();
    return keywordOf(token) ?? token.text;
  }
  expect(word: string): void {
    const token = this.next();
    if (keywordOf(token) !== word) throw this.syntax(`expected ${word}`, token);
  }
  acceptWords(...words: string[]): boolean {
    if (!words.every((word, offset) => keywordOf(this.tokens[this.index + offset]) === word))
      return false;
    this.index += words.length;
    return true;
  }
  acceptPunct(text: string): boolean {
    if (this.peek()?.text !== text) return false;
    this.index += 1;
    return true;
  }
  end(): void {
    if (!this.done()) throw this.syntax('unexpected text', this.peek());
  }
  modelName(): ModelName {
    const first = this.next();
    if (first.kind !== 'word') throw this.syntax('expected a model name', first);
    if (this.peek()?.text === '.') {
      this.next();
      const second = this.next();
      if (second.kind !== 'word') throw this.syntax('expected a model name', second);
      return { schema: first.text.toLowerCase(), name: second.text.toLowerCase() };
    }
    return { schema: 'public', name: first.text.toLowerCase() };
  }
  /** `( SELECT … )` as written, or a table name as `SELECT * FROM <table>`. */
  fromSource(): string {
    const first = this.next();
    if (first.text === '(') {
      let depth = 1;
      while (depth > 0) {
        const token = this.next();
        if (token.text === '(') depth += 1;
        else if (token.text === ')') depth -= 1;
        if (depth === 0) return this.sql.slice(first.start + 1, token.start).trim();
      }
    }
    if (first.kind === 'string')
      throw this.unsupported("FROM '<job>'", 'bring-your-own models are not trained locally');
    let name = first.text;
    while (this.peek()?.text === '.') name += this.next().text + this.next().text;
    return `SELECT * FROM ${name}`;
  }
  /** The tokens up to the next clause keyword (or the end). */
  clauseValue(clause: Clause): Token[] {
    const value: Token[] = [];
    let depth = 0;
    while (!this.done()) {
      const token = this.peek()!;
      const word = keywordOf(token) as Clause | undefined;
      if (depth === 0 && word !== undefined && CLAUSE_ORDER.includes(word) && word !== clause)
        break;
      if (token.text === '(') depth += 1;
      if (token.text === ')') depth -= 1;
      value.push(this.next());
    }
    if (value.length === 0) throw this.syntax(`${clause} needs a value`, this.peek());
    return value;
  }
  syntax(message: string, token: Token | undefined): SqlSyntaxError {
    return new SqlSyntaxError(message, token?.start ?? this.sql.length);
  }
  unsupported(construct: string, reason: string): UnsupportedSqlError {
    return new UnsupportedSqlError(construct, (this.peek()?.start ?? 0) + 1, this.sql, reason);
  }
}
