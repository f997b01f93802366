import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Matches } from 'class-validator';
import { ROLES, type Role } from '@mo/domain';

export class OidcSettingsView {
  @ApiProperty({ description: 'The OpenID Connect issuer (authority) whose JWKS the API trusts' })
  issuer!: string;
  @ApiProperty()
  clientId!: string;
  @ApiProperty({ example: 'openid profile' })
  scope!: string;
}

export class ConsoleSettingsView {
  @ApiProperty({
    description: 'Sign-in through the identity provider (authorization code with PKCE); null when not configured',
    type: OidcSettingsView,
    nullable: true,
  })
  oidc!: OidcSettingsView | null;
  @ApiProperty({ description: 'Whether POST /v1/dev/sign-in exists (development only, never in production)' })
  devSignIn!: boolean;
}

/** A development identity: which role, and the subject (a merchant's id, a reviewer's name). */
export class DevSignInRequest {
  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role!: Role;
  @ApiProperty({ example: 'acme-trading', description: 'lower-case letters, digits, ".", "_" and "-"; 1-64' })
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9._-]{0,63}$/, {
    message: 'subject must be 1-64 lower-case letters, digits, ".", "_" or "-", starting with a letter or digit',
  })
  subject!: string;
}

export class DevSignInView {
  @ApiProperty({ description: 'A bearer token (HS256, 12 hours)' })
  token!: string;
  @ApiProperty({ enum: ROLES })
  role!: Role;
  @ApiProperty()
  subject!: string;
  @ApiProperty({ format: 'date-time' })
  expiresAt!: string;
}
