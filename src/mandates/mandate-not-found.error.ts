import { NotFoundError } from '../common/answerable-errors';

export class MandateNotFound extends NotFoundError {
  constructor(readonly mandateId: string) {
    super(`mandate ${mandateId} is not registered`);
    this.name = 'MandateNotFound';
  }
}
