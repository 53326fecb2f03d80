// The little of ical.js 1.x (Mozilla's iCalendar parser, as in Thunderbird) that the tests use; it ships no types.
declare module 'ical.js' {
  export function parse(input: string): unknown[];
  export class Component {
    constructor(jcal: unknown[]);
    getAllSubcomponents(name: string): Component[];
  }
  export class Event {
    constructor(component: Component);
    uid: string;
    summary: string;
    description: string;
    startDate: { toString(): string };
  }
}
