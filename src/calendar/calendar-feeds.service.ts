import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { IsNull, type Repository } from 'typeorm';
import type { Authorization } from '../auth/decorators';
import { CalendarFeedEntity } from '../database/calendar-feed.entity';
import { CalendarService } from './calendar.service';
import type { CalendarFeedResponse, NewCalendarFeedResponse } from './dto/calendar-feed.dto';

/** 256 bits, base64url: what the URL carries. */
export const FEED_SECRET_PATTERN = '^[A-Za-z0-9_-]{43}$';
const SECRET = new RegExp(FEED_SECRET_PATTERN);

function sha256(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

function toResponse(feed: CalendarFeedEntity): CalendarFeedResponse {
  return { id: feed.id, createdAt: feed.createdAt.toISOString(), revokedAt: feed.revokedAt?.toISOString() };
}

/**
 * Secret feed URLs for calendar applications, which cannot sign in: each shows what its owner could read when they
 * made it (their dependency's due dates, or all), until they revoke it. Only a digest of the secret is stored.
 */
@Injectable()
export class CalendarFeedsService {
  constructor(
    @InjectRepository(CalendarFeedEntity) private readonly feeds: Repository<CalendarFeedEntity>,
    private readonly calendar: CalendarService,
  ) {}

  async create({ principal, scope }: Authorization, now: Date): Promise<NewCalendarFeedResponse> {
    const secret = randomBytes(32).toString('base64url');
    const feed = await this.feeds.save(
      this.feeds.create({
        id: randomUUID(),
        tokenSha256: sha256(secret),
        owner: principal.actor,
        ownerName: principal.name ?? null,
        scope,
        createdAt: now,
        revokedAt: null,
      }),
    );
    return { ...toResponse(feed), path: `/calendar/feeds/${feed.id}/${secret}.ics` };
  }

  async list(owner: string): Promise<CalendarFeedResponse[]> {
    const feeds = await this.feeds.find({ where: { owner }, order: { createdAt: 'DESC' } });
    return feeds.map(toResponse);
  }

  /** Revokes one of the owner's feeds (again: no change); false when the owner has no such feed. */
  async revoke(owner: string, id: string, now: Date): Promise<boolean> {
    const feed = await this.feeds.findOneBy({ id, owner });
    if (!feed) return false;
    if (!feed.revokedAt) await this.feeds.update({ id, revokedAt: IsNull() }, { revokedAt: now });
    return true;
  }

  /** The feed behind an id and its secret, or undefined (unknown, revoked, another feed's secret, not a secret). */
  async render(id: string, secret: string, now: Date): Promise<string | undefined> {
    if (!SECRET.test(secret)) return undefined;
    const feed = await this.feeds.findOneBy({ id, tokenSha256: sha256(secret), revokedAt: IsNull() });
    return feed ? this.calendar.feed(feed.scope, undefined, now) : undefined;
  }
}
