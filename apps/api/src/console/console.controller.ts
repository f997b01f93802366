import { Body, Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { signAccessToken } from '@mo/auth';
import { APP_CONFIG, type AppConfig, type AuthConfig } from '@mo/config';
import { Public } from '../auth/auth.decorators';
import { AUTH_CONFIG } from '../auth/auth.module-tokens';
import { ApiProblems } from '../common/api-docs';
import { ConsoleSettingsView, DevSignInRequest, DevSignInView } from './console.dto';
import { devSignInEnabled } from './dev-sign-in';

const DEV_TOKEN_HOURS = 12;

/** What the console needs to know before anyone signs in. */
@ApiTags('console')
@Controller('v1/console')
export class ConsoleController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(AUTH_CONFIG) private readonly auth: AuthConfig,
  ) {}

  @Get('settings')
  @Public()
  @ApiOperation({ summary: 'How the console signs people in' })
  @ApiOkResponse({ type: ConsoleSettingsView })
  @ApiProblems(400, 413, 415, 429, 500)
  settings(): ConsoleSettingsView {
    return { oidc: this.config.api.console.oidc, devSignIn: devSignInEnabled(this.auth) };
  }
}

/**
 * "Sign in as" for development: mints the same HS256 token `npm run token` does. Registered only
 * when the API verifies with the development secret outside production (see ConsoleModule): in
 * production, or with a JWKS, the route does not exist.
 */
@ApiTags('console')
@Controller('v1/dev')
export class DevSignInController {
  constructor(@Inject(AUTH_CONFIG) private readonly auth: AuthConfig) {}

  @Post('sign-in')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Development only (absent in production): a token for any role and subject' })
  @ApiOkResponse({ type: DevSignInView })
  @ApiProblems(400, 413, 415, 429, 500)
  async signIn(@Body() body: DevSignInRequest): Promise<DevSignInView> {
    const secret = this.auth.jwtSecret;
    if (secret === null) throw new Error('dev sign-in registered without a development secret');
    const token = await signAccessToken(
      { role: body.role, sub: body.subject },
      { secret: secret.reveal(), issuer: this.auth.issuer, audience: this.auth.audience },
      `${DEV_TOKEN_HOURS}h`,
    );
    const expiresAt = new Date(Date.now() + DEV_TOKEN_HOURS * 3_600_000).toISOString();
    return { token, role: body.role, subject: body.subject, expiresAt };
  }
}
