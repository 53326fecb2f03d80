import { Injectable, NotFoundException, type PipeTransform } from '@nestjs/common';
import { MandateNotFound } from './mandate-not-found.error';

/** Mandate ids are slugs (see mandateIdFor): anything else names no mandate, so it is a 404 without a lookup. */
@Injectable()
export class MandateIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (value.length > 200 || !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(value)) {
      throw new MandateNotFound(value.slice(0, 200));
    }
    return value;
  }
}

/** Progress reports are numbered R1, R2, … */
@Injectable()
export class ReportIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!/^R[1-9]\d{0,5}$/.test(value)) {
      throw new NotFoundException({
        statusCode: 404,
        error: 'Not Found',
        message: `no progress report ${value.slice(0, 20)}`,
      });
    }
    return value;
  }
}
