import { Inject, Injectable } from '@nestjs/common';
import { inScope, type ReadScope } from '../auth/policy';
import { DataSource } from 'typeorm';
import { INVERSE_RELATION, type LinkRelation } from '../../workflows/mandate/lifecycle';
import { paragraphReference } from '../../workflows/mandate/resolution';
import { MandateNotFound } from '../mandates/mandate-not-found.error';
import type { LineageResponse } from './lineage.response';

/** Each link is recorded on both mandates; an edge shows it once, from the side of the first of each pair. */
const FORWARD: ReadonlySet<LinkRelation> = new Set(['renews', 'supersedes', 'merges', 'splits_into']);
/** A lineage larger than this is cut (and says so): a graph to look at, not the register. */
const MAX_NODES = 500;

interface LinkRow {
  mandate_id: string;
  link_id: string;
  relation: LinkRelation;
  other_mandate_id: string;
  reason: string;
}

/** The graph of mandates around one, through their links, from the read model. */
@Injectable()
export class MandateLineage {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /** `scope`: a mandate the caller may not read is a node without its record (`unknown`), as an unprojected one. */
  async lineage(mandateId: string, depth: number, scope: ReadScope): Promise<LineageResponse> {
    // Links are followed both ways: a counterpart not yet projected still shows its side of the link.
    const reached = await this.dataSource.query<{ id: string; depth: number }[]>(
      `WITH RECURSIVE walk(id, depth) AS (
         SELECT $1::varchar, 0
         UNION
         SELECT CASE WHEN l.mandate_id = w.id THEN l.other_mandate_id ELSE l.mandate_id END, w.depth + 1
         FROM walk w JOIN mandate_links l ON l.mandate_id = w.id OR l.other_mandate_id = w.id
         WHERE w.depth < $2)
       SELECT id, min(depth) AS depth FROM walk GROUP BY id ORDER BY min(depth), id LIMIT ${MAX_NODES + 1}`,
      [mandateId, depth],
    );
    const ids = reached.slice(0, MAX_NODES).map((r) => r.id);
    const rows = await this.dataSource.query<
      {
        id: string;
        resolution_symbol: string;
        paragraph: string | null;
        section: string | null;
        ordinal: number | null;
        title: string | null;
        status: string;
        adoption_year: number;
        dependency_id: string | null;
      }[]
    >(
      `SELECT id, resolution_symbol, paragraph, section, ordinal, title, status, adoption_year, dependency_id
       FROM mandates WHERE id = ANY($1)`,
      [ids],
    );
    if (!rows.some((r) => r.id === mandateId)) throw new MandateNotFound(mandateId);
    const links = await this.dataSource.query<LinkRow[]>(
      `SELECT mandate_id, link_id, relation, other_mandate_id, reason FROM mandate_links
       WHERE mandate_id = ANY($1) AND other_mandate_id = ANY($1) ORDER BY link_id, mandate_id`,
      [ids],
    );
    const depthOf = new Map(reached.map((r) => [r.id, Number(r.depth)]));
    const byId = new Map(
      rows.filter((r) => r.id === mandateId || inScope(scope, r.dependency_id ?? undefined)).map((r) => [r.id, r]),
    );
    const edges = new Map<string, LineageResponse['edges'][number]>();
    for (const link of links) {
      const forward = FORWARD.has(link.relation);
      const edge = {
        linkId: link.link_id,
        from: forward ? link.mandate_id : link.other_mandate_id,
        to: forward ? link.other_mandate_id : link.mandate_id,
        relation: forward ? link.relation : INVERSE_RELATION[link.relation],
        reason: link.reason,
      };
      if (!edges.has(link.link_id) || forward) edges.set(link.link_id, edge);
    }
    return {
      mandateId,
      depth,
      truncated: reached.length > MAX_NODES,
      nodes: ids.map((id) => {
        const row = byId.get(id);
        return row
          ? {
              id,
              depth: depthOf.get(id) ?? 0,
              resolutionSymbol: row.resolution_symbol,
              paragraphReference: paragraphReference({
                paragraph: row.paragraph ?? undefined,
                section: row.section ?? undefined,
                ordinal: row.ordinal ?? undefined,
              }),
              title: row.title ?? undefined,
              status: row.status,
              adoptionYear: row.adoption_year,
            }
          : // Linked, but not (yet) in the read model, or not the caller's to read.
            { id, depth: depthOf.get(id) ?? 0, unknown: true };
      }),
      edges: [...edges.values()],
    };
  }
}
