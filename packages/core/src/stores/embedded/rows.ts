import type { Category, Item, ItemStatus, Modality, Resource, Source } from "../../model/index.js";

export interface ResourceRow {
  id: string; scope: string; uri: string; modality: string; content_hash: string; caption: string | null;
  text: string; metadata: string; created_at: string;
}
export interface ItemRow {
  id: string; scope: string; type: string; summary: string; happened_at: string | null; content_hash: string;
  reinforcement_count: number; last_reinforced_at: string | null; status: string; metadata: string;
  created_at: string; updated_at: string;
}
export interface CategoryRow {
  id: string; scope: string; name: string; description: string; summary: string; cited: string;
  created_at: string; updated_at: string; item_count: number;
}

export function toResource(row: ResourceRow): Resource {
  return {
    id: row.id, uri: row.uri, modality: row.modality as Modality, contentHash: row.content_hash, caption: row.caption,
    text: row.text, scope: JSON.parse(row.scope), metadata: JSON.parse(row.metadata), createdAt: row.created_at,
  };
}

export function toItem(row: ItemRow, sources: Source[], categories: string[]): Item {
  return {
    id: row.id, type: row.type, summary: row.summary, happenedAt: row.happened_at, contentHash: row.content_hash,
    reinforcementCount: row.reinforcement_count, lastReinforcedAt: row.last_reinforced_at, status: row.status as ItemStatus,
    scope: JSON.parse(row.scope), sources, categories, metadata: JSON.parse(row.metadata), createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function toCategory(row: CategoryRow): Category {
  return {
    id: row.id, name: row.name, description: row.description, summary: row.summary, citedItemIds: JSON.parse(row.cited),
    itemCount: row.item_count, scope: JSON.parse(row.scope), createdAt: row.created_at, updatedAt: row.updated_at,
  };
}
