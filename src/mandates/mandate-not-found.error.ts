export class MandateNotFound extends Error {
  constructor(readonly mandateId: string) {
    super(`mandate ${mandateId} is not registered`);
    this.name = 'MandateNotFound';
  }
}
