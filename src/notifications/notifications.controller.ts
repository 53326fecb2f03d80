import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow, Scope } from '../auth/decorators';
import type { ReadScope } from '../auth/policy';
import { MandateIdPipe } from '../mandates/mandate-id.pipe';
import { ListNotificationsQuery, OutboxPageResponse } from './dto/outbox.dto';
import { NotificationOutboxService } from './notification-outbox.service';

@ApiTags('notifications')
@Controller()
export class NotificationsController {
  constructor(private readonly outbox: NotificationOutboxService) {}

  /** Deliveries across mandates; `?status=failing` is what needs attention. */
  @Get('notifications')
  @ApiOperation({
    summary: 'Deliveries of notifications across mandates',
    description: 'Per channel, with status and last error; addresses and errors are shown redacted.',
  })
  @Allow('notification:read')
  @ApiOkResponse({ type: OutboxPageResponse })
  list(@Query() query: ListNotificationsQuery, @Scope() scope: ReadScope): Promise<OutboxPageResponse> {
    return this.outbox.list(query, scope);
  }

  @Get('mandates/:id/notifications')
  @ApiOperation({
    summary: "A mandate's deliveries of notifications",
    description: 'Per channel, with status and last error; addresses and errors are shown redacted.',
  })
  @Allow('notification:read', { mandate: 'id' })
  @ApiOkResponse({ type: OutboxPageResponse })
  listForMandate(
    @Param('id', MandateIdPipe) id: string,
    @Query() query: ListNotificationsQuery,
  ): Promise<OutboxPageResponse> {
    return this.outbox.list(query, { kind: 'all' }, id);
  }
}
