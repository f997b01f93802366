import { Module, type DynamicModule } from '@nestjs/common';
import { loadAuthConfig } from '@mo/config';
import { ConsoleController, DevSignInController } from './console.controller';
import { devSignInEnabled } from './dev-sign-in';

/**
 * The console's API: its settings, and development sign-in. The dev sign-in controller is
 * registered only when allowed, so in production its route does not exist at all (404 like any
 * unknown path), rather than existing and refusing.
 */
@Module({})
export class ConsoleModule {
  static register(): DynamicModule {
    const controllers = devSignInEnabled(loadAuthConfig())
      ? [ConsoleController, DevSignInController]
      : [ConsoleController];
    return { module: ConsoleModule, controllers };
  }
}
