import { ApiProperty } from '@nestjs/swagger';

export class StaffNotificationView {
  @ApiProperty({ format: 'uuid' }) applicationId!: string;
  @ApiProperty({ description: 'The seq of the event the notification is about' }) seq!: number;
  @ApiProperty({ description: 'The event type, e.g. review_escalated' }) kind!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
}

export class StaffNotificationListView {
  @ApiProperty({ type: [StaffNotificationView] }) items!: StaffNotificationView[];
}
