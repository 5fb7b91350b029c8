/**
 * Redshift's role-based access control in GRANT, REVOKE and ALTER DEFAULT PRIVILEGES. Redshift
 * marks a role with the keyword ROLE (`GRANT … TO ROLE r`, `GRANT ROLE r TO u`, `REVOKE … FROM
 * ROLE r`); PostgreSQL names roles and users alike, so the keyword is dropped. Redshift forms with
 * no PostgreSQL counterpart (system permissions, system roles, ASSUMEROLE, scoped permissions,
 * external role ids) are refused rather than run as something else.
 */
import type { Rewrite } from './table-design';
import type { TokenWalk } from './token-walk';
import { refuse } from './unsupported';

/** Words before `ROLE` that make it the role marker: a grantee (`TO`, `FROM`, `,`) or a granted role. */
const ROLE_MARKER_AFTER = new Set(['GRANT', 'REVOKE', 'TO', 'FROM']);
/** Object kinds of Redshift's scoped permissions (`GRANT … FOR TABLES IN SCHEMA s TO …`). */
const SCOPED_OBJECT_KINDS = new Set(['TABLES', 'FUNCTIONS', 'PROCEDURES', 'LANGUAGES', 'COPY']);

type Statement = 'grant' | 'default-privileges' | 'create-role';

export class RoleGrants {
  private constructor(
    private readonly walk: TokenWalk,
    private readonly statement: string,
    private readonly kind: Statement,
  ) {}

  /** The role translation of a statement, or undefined when it grants nothing. */
  static of(walk: TokenWalk, statement: string): RoleGrants | undefined {
    const words: string[] = [];
    for (let at = walk.significantFrom(0); at !== -1 && words.length < 3;) {
      words.push(walk.keywordAt(at) ?? '');
      at = walk.significantFrom(at + 1);
    }
    const [first, second, third] = words;
    if (first === 'GRANT' || first === 'REVOKE') return new RoleGrants(walk, statement, 'grant');
    if (first === 'ALTER' && second === 'DEFAULT' && third === 'PRIVILEGES')
      return new RoleGrants(walk, statement, 'default-privileges');
    if (first === 'CREATE' && second === 'ROLE')
      return new RoleGrants(walk, statement, 'create-role');
    return undefined;
  }

  /** Refuses what PostgreSQL cannot express; run before any token is rewritten. */
  refuseInexpressible(): void {
    const { walk, statement } = this;
    for (let at = walk.significantFrom(0); at !== -1; at = walk.significantFrom(at + 1)) {
      const token = walk.tokens[at]!;
      const keyword = walk.keywordAt(at);
      if (this.kind === 'create-role') {
        if (keyword === 'EXTERNALID')
          refuse(
            'CREATE ROLE … EXTERNALID',
            token,
            statement,
            'PostgreSQL roles have no identity-provider id',
          );
        continue;
      }
      if (keyword === 'ASSUMEROLE')
        refuse('ASSUMEROLE', token, statement, 'PostgreSQL has no IAM roles to grant');
      if (keyword === 'ROLE' && this.isRoleMarker(at) && this.namesSystemRole(at))
        refuse('system role', token, statement, 'PostgreSQL has no sys: roles');
      const next = walk.significantFrom(at + 1);
      if (
        this.kind === 'grant' &&
        keyword === 'FOR' &&
        SCOPED_OBJECT_KINDS.has(walk.keywordAt(next) ?? '')
      )
        refuse(
          'scoped permissions (GRANT … FOR … IN)',
          token,
          statement,
          'PostgreSQL grants on existing objects or by default privileges only',
        );
    }
    if (this.kind === 'grant') this.refuseSystemPermissions();
  }

  /** Drops `ROLE` where it marks a role name; undefined leaves the word as it is. */
  rewriteRole(index: number): Rewrite | undefined {
    if (this.kind === 'create-role' || !this.isRoleMarker(index)) return undefined;
    // The whitespace after the keyword goes with it: `TO ROLE r` becomes `TO r`.
    const following = this.walk.tokens[index + 1];
    return { text: '', next: following?.kind === 'whitespace' ? index + 2 : index + 1 };
  }

  /** `ROLE` followed by a name, after GRANT/REVOKE, TO/FROM, a comma, or `ADMIN OPTION FOR`. */
  private isRoleMarker(index: number): boolean {
    const { walk } = this;
    const next = walk.tokens[walk.significantFrom(index + 1)];
    if (next?.kind !== 'word' && next?.kind !== 'quoted') return false;
    const before = walk.significantBefore(index);
    if (walk.isPunct(before, ',')) return true;
    const word = walk.keywordAt(before);
    if (word === 'FOR') return walk.keywordAt(walk.significantBefore(before)) === 'OPTION';
    return word !== undefined && ROLE_MARKER_AFTER.has(word);
  }

  /** `sys:dba`: the tokenizer reads `:dba` as a parameter (or `:` as punctuation). */
  private namesSystemRole(index: number): boolean {
    const name = this.walk.significantFrom(index + 1);
    const after = this.walk.tokens[name + 1];
    return after?.kind === 'parameter' || (after?.kind === 'punct' && after.text.startsWith(':'));
  }

  /**
   * A GRANT or REVOKE without ON grants either roles (`GRANT ROLE r TO …`) or, in Redshift,
   * system permissions (`GRANT CREATE USER TO ROLE r`), which PostgreSQL has no counterpart for.
   */
  private refuseSystemPermissions(): void {
    const { walk } = this;
    let depth = 0;
    for (let at = walk.significantFrom(0); at !== -1; at = walk.significantFrom(at + 1)) {
      if (walk.isPunct(at, '(')) depth += 1;
      else if (walk.isPunct(at, ')')) depth -= 1;
      else if (depth === 0 && walk.keywordAt(at) === 'ON') return;
    }
    let first = walk.significantFrom(walk.significantFrom(0) + 1);
    // REVOKE ADMIN OPTION FOR ROLE r FROM …
    if (walk.keywordAt(first) === 'ADMIN') {
      first = walk.significantFrom(walk.significantFrom(first + 1) + 1);
      first = walk.significantFrom(first + 1);
    }
    if (walk.keywordAt(first) === 'ROLE') return;
    const token = walk.tokens[first] ?? walk.tokens[walk.significantFrom(0)]!;
    refuse(
      'system permissions',
      token,
      this.statement,
      'PostgreSQL grants privileges on objects, and roles with GRANT ROLE',
    );
  }
}
