import { Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../auth/decorators';
import { ConsoleAuthService } from './console-auth.service';

/** The console's sign-in routes: browser navigation and the SPA's own calls, not part of the API. */
@ApiExcludeController()
@Public()
@Controller('console/auth')
export class ConsoleAuthController {
  constructor(private readonly auth: ConsoleAuthService) {}

  @Get('login')
  login(@Req() req: Request, @Res() res: Response): Promise<void> {
    return this.auth.login(req, res);
  }

  @Get('callback')
  callback(@Req() req: Request, @Res() res: Response): Promise<void> {
    return this.auth.callback(req, res);
  }

  @Get('session')
  session(@Req() req: Request, @Res() res: Response): void {
    this.auth.session(req, res);
  }

  @Post('logout')
  @HttpCode(200)
  logout(@Req() req: Request, @Res() res: Response): Promise<void> {
    return this.auth.logout(req, res);
  }
}
