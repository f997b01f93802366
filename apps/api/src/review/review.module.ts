import { Module } from '@nestjs/common';
import { ReviewController } from './review.controller';
import { ReviewService } from './review.service';

/** The reviewers' queue and their notifications. */
@Module({ controllers: [ReviewController], providers: [ReviewService] })
export class ReviewModule {}
