import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, ApiError, unwrap } from "./client.js";
import type { CreateKeyInput, GraphFilters, ItemFilters, ItemPatch, MemorizeInput, RetrieveInput, Task } from "./types.js";

// One hook per resource of the /v1 API. Query keys start with the user, so switching user never shows stale data.

export const useMe = (enabled: boolean) => useQuery({ queryKey: ["me"], enabled, retry: false, queryFn: () => unwrap(api.GET("/v1/me")) });

export const useStats = (userId: string) =>
  useQuery({ queryKey: [userId, "stats"], queryFn: () => unwrap(api.GET("/v1/stats", { params: { query: { userId } } })) });

export const useItems = (filters: ItemFilters) =>
  useInfiniteQuery({
    queryKey: [filters.userId, "items", filters],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => unwrap(api.GET("/v1/items", { params: { query: { ...filters, ...(pageParam === undefined ? {} : { cursor: pageParam }) } } })),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });

export const useRetrieve = (input: RetrieveInput | null) =>
  useQuery({
    queryKey: [input?.userId, "retrieve", input],
    enabled: input !== null,
    placeholderData: keepPreviousData,
    queryFn: () => unwrap(api.POST("/v1/retrieve", { body: input! })),
  });

export const useItem = (userId: string, id: string) =>
  useQuery({ queryKey: [userId, "item", id], queryFn: () => unwrap(api.GET("/v1/items/{id}", { params: { path: { id }, query: { userId } } })) });

export const useTrace = (userId: string, id: string) =>
  useQuery({ queryKey: [userId, "trace", id], queryFn: () => unwrap(api.GET("/v1/items/{id}/trace", { params: { path: { id }, query: { userId } } })) });

export const useCategories = (userId: string) =>
  useQuery({ queryKey: [userId, "categories"], queryFn: () => unwrap(api.GET("/v1/categories", { params: { query: { userId } } })) });

export const useResource = (userId: string, id: string) =>
  useQuery({ queryKey: [userId, "resource", id], queryFn: () => unwrap(api.GET("/v1/resources/{id}", { params: { path: { id }, query: { userId } } })) });

export const useResources = (userId: string) =>
  useQuery({ queryKey: [userId, "resources"], queryFn: () => unwrap(api.GET("/v1/resources", { params: { query: { userId, limit: 100 } } })) });

export const useGraph = (filters: GraphFilters) =>
  useQuery({ queryKey: [filters.userId, "graph", filters], queryFn: () => unwrap(api.GET("/v1/graph", { params: { query: filters } })) });

export const useTasks = (userId: string) =>
  useQuery({ queryKey: [userId, "tasks"], queryFn: () => unwrap(api.GET("/v1/tasks", { params: { query: { userId, limit: 20 } } })) });

const finished = (task: Task | undefined) => task?.status === "succeeded" || task?.status === "failed";

/** Polls a task until it has succeeded or failed. */
export const useTask = (userId: string, id: string | null) =>
  useQuery({
    queryKey: [userId, "task", id],
    enabled: id !== null,
    refetchInterval: (query) => (finished(query.state.data) ? false : 500),
    queryFn: () => unwrap(api.GET("/v1/tasks/{id}", { params: { path: { id: id! } } })),
  });

export const useKeys = () => useQuery({ queryKey: ["keys"], queryFn: () => unwrap(api.GET("/v1/keys")) });

/** The users holding memories, a page at a time (admin). */
export const useUsers = (limit = 50) =>
  useInfiniteQuery({
    queryKey: ["users", limit],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => unwrap(api.GET("/v1/users", { params: { query: { limit, ...(pageParam === undefined ? {} : { cursor: pageParam }) } } })),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });

/** Users an admin can pick from: the first 500 holding memories, and those with member keys (who may hold none yet). */
export function useKnownUsers(): string[] {
  const keys = useKeys();
  const users = useUsers(500);
  const holding = users.data?.pages[0]?.users.map((user) => user.userId) ?? [];
  const keyed = (keys.data?.keys ?? []).flatMap((key) => (key.userId === null ? [] : [key.userId]));
  return [...new Set([...holding, ...keyed])].sort();
}

/** Mutations invalidate everything of the user: items, categories, graph and stats all move together. */
function useUserInvalidation() {
  const client = useQueryClient();
  return async (userId: string) => {
    await client.invalidateQueries({ queryKey: ["users"] });
    await client.invalidateQueries({ queryKey: [userId] });
  };
}

export function useUpdateItem(userId: string, id: string) {
  const invalidate = useUserInvalidation();
  return useMutation({
    mutationFn: (patch: Omit<ItemPatch, "userId">) => unwrap(api.PATCH("/v1/items/{id}", { params: { path: { id } }, body: { ...patch, userId } })),
    onSuccess: () => invalidate(userId),
  });
}

export function useDeleteItem(userId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE("/v1/items/{id}", { params: { path: { id }, query: { userId } } })),
    // The deleted item's own queries are dropped rather than asked again (they would answer 404).
    onSuccess: (_deleted, id) => {
      client.removeQueries({ predicate: (query) => query.queryKey.includes(id) });
      return client.invalidateQueries({ queryKey: [userId], predicate: (query) => !query.queryKey.includes(id) });
    },
  });
}

/** Starts a memorize task (async), answering the task to follow. */
export function useMemorize() {
  const invalidate = useUserInvalidation();
  return useMutation({
    mutationFn: async (input: Omit<MemorizeInput, "async">) => {
      const answer = await unwrap(api.POST("/v1/memorize", { body: { ...input, async: true } }));
      if (!("task" in answer)) throw new ApiError(200, "NOT_ASYNC", "The server memorized synchronously instead of starting a task");
      return answer.task;
    },
    onSuccess: (task) => invalidate(task.userId),
  });
}

export function useCreateKey() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateKeyInput) => unwrap(api.POST("/v1/keys", { body: input })),
    onSuccess: () => client.invalidateQueries({ queryKey: ["keys"] }),
  });
}

export function useRevokeKey() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE("/v1/keys/{id}", { params: { path: { id } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: ["keys"] }),
  });
}

export function useForget() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { userId: string; confirm: string }) => unwrap(api.POST("/v1/forget", { body: input })),
    onSuccess: () => client.invalidateQueries(),
  });
}
