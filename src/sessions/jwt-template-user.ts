/**
 * The data a `session.jwt_template` claim sees (events.md §3.3): `.User` with UserID, Email (nil without a
 * primary email), Username, Name, GivenName, FamilyName, Picture and Metadata (nil without public and unsafe
 * metadata) whose `Public`/`Unsafe` methods look up GJSON paths. Built as Go structs for src/template.
 */
import { get } from '../gjson/index.ts';
import { GoStruct, NilPointer, type WithSignature } from '../template/index.ts';

export interface TemplateUser {
  id: string;
  email: { address: string; is_verified: boolean } | null;
  username: string | null;
  name?: string | null;
  given_name?: string | null;
  family_name?: string | null;
  picture?: string | null;
  /** Stored metadata JSON texts (`user_metadata.public_metadata` / `unsafe_metadata`); private is never here. */
  metadata?: { public: string | null; unsafe: string | null } | null;
}

export class EmailJwt extends GoStruct {
  static override goType = 'dto.EmailJWT';
  Address: string;
  IsPrimary: boolean;
  IsVerified: boolean;
  constructor(address: string, isVerified: boolean) {
    super();
    this.Address = address;
    this.IsPrimary = true;
    this.IsVerified = isVerified;
  }
}

/** A document counts only when present and not `{}`. */
const usable = (doc: string | null | undefined): string | null => (doc && doc.trim() !== '{}' ? doc : null);

export class MetadataJwt extends GoStruct {
  static override goType = 'dto.MetadataJWT';
  /** What a nil *MetadataJWT prints (its String method handles nil). */
  static nilString = '';
  readonly #public: string;
  readonly #unsafe: string;

  constructor(publicDoc: string | null, unsafeDoc: string | null) {
    super();
    this.#public = publicDoc ?? '';
    this.#unsafe = unsafeDoc ?? '';
  }

  /** A path into the public metadata (several arguments are joined with `.`; none: the whole document). */
  Public(...path: unknown[]): string {
    return get(this.#public, path.length ? path.join('.') : '@this').toString();
  }

  Unsafe(...path: unknown[]): string {
    return get(this.#unsafe, path.length ? path.join('.') : '@this').toString();
  }

  String(): string {
    const compact = (s: string) => JSON.stringify(JSON.parse(s));
    const parts: string[] = [];
    if (this.#public) parts.push(`"public_metadata":${compact(this.#public)}`);
    if (this.#unsafe) parts.push(`"unsafe_metadata":${compact(this.#unsafe)}`);
    return `{${parts.join(',')}}`;
  }
}

const STRING_ARGS: WithSignature['goSignature'] = { params: [], variadic: 'string' };
Object.assign(MetadataJwt.prototype.Public, { goSignature: STRING_ARGS });
Object.assign(MetadataJwt.prototype.Unsafe, { goSignature: STRING_ARGS });

export class UserJwt extends GoStruct {
  static override goType = 'dto.UserJWT';
  UserID: string;
  Email: EmailJwt | NilPointer;
  Username: string;
  Metadata: MetadataJwt | NilPointer;
  Name: string;
  FamilyName: string;
  GivenName: string;
  Picture: string;

  constructor(u: TemplateUser) {
    super();
    this.UserID = u.id;
    this.Email = u.email
      ? new EmailJwt(u.email.address, u.email.is_verified)
      : new NilPointer('*dto.EmailJWT');
    this.Username = u.username ?? '';
    const pub = usable(u.metadata?.public);
    const unsafe = usable(u.metadata?.unsafe);
    this.Metadata =
      pub || unsafe ? new MetadataJwt(pub, unsafe) : new NilPointer('*dto.MetadataJWT', MetadataJwt);
    this.Name = u.name ?? '';
    this.FamilyName = u.family_name ?? '';
    this.GivenName = u.given_name ?? '';
    this.Picture = u.picture ?? '';
  }
}

/** The template root: `{{ .User… }}`. */
export class ClaimTemplateData extends GoStruct {
  static override goType = 'session.ClaimTemplateData';
  User: UserJwt;
  constructor(user: TemplateUser) {
    super();
    this.User = new UserJwt(user);
  }
}
