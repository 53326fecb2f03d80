import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { NotificationOutboxEntity } from '../database/notification-outbox.entity';
import { NotificationOutboxService } from './notification-outbox.service';
import { NotificationsController } from './notifications.controller';

@Module({
  imports: [TypeOrmModule.forFeature([NotificationOutboxEntity])],
  controllers: [NotificationsController],
  providers: [NotificationOutboxService],
})
export class NotificationsModule {}
