import { BadRequestException, type INestApplication, PayloadTooLargeException } from '@nestjs/common';
import { raw, type NextFunction, type Request, type Response } from 'express';
import type { AppConfig } from '../config/app-config';

/** The routes that take a whole file as their body. */
export const AUDIT_FILE_ROUTES = ['/audit/verify', '/audit/replay'];

/**
 * The audit routes read their body as bytes, whatever its content type (an export is checked byte for byte, and
 * parsed in a replay thread, not here), up to AUDIT_MAX_BODY_BYTES. Registered before the JSON parser, which
 * then leaves these requests alone.
 */
export function useAuditBodies(app: INestApplication, config: AppConfig): void {
  const limit = config.AUDIT_MAX_BODY_BYTES;
  const read = raw({ type: () => true, limit });
  app.use(AUDIT_FILE_ROUTES, (req: Request, res: Response, next: NextFunction) =>
    read(req, res, (err?: unknown) => {
      if (!err) return next();
      const status = (err as { status?: number }).status;
      next(
        status === 413
          ? new PayloadTooLargeException(`the body is larger than ${limit} bytes (AUDIT_MAX_BODY_BYTES)`)
          : new BadRequestException('the body could not be read'),
      );
    }),
  );
}
