-- team-routing.lua: route crashes to the team that owns the code they happened in.
--
-- Walks the faulting thread's frames from the innermost outwards, skipping libc and the allocator, and
-- tags the snapshot with the first owner it recognises: an attribute `team` (indexed, so queries and
-- alert rules can filter on it) and a classifier `team-<name>`. Edit OWNERS for your code base.
-- Runs in the agent (--module) or as a project's server-side rule.

local OWNERS = {
  -- { match on the module path or the symbol, owning team }
  { module = "libpayments", team = "payments" },
  { symbol = "^http_", team = "edge" },
  { symbol = "^db_", team = "storage" },
  { module = "/crash", team = "platform" },
}

local SKIP = { "libc%.so", "ld%-linux", "libstdc%+%+", "libjemalloc" }

local function skipped(frame)
  for _, pattern in ipairs(SKIP) do
    if frame.module and frame.module:find(pattern) then return true end
  end
  return false
end

local function owner(frame)
  for _, rule in ipairs(OWNERS) do
    if rule.module and frame.module and frame.module:find(rule.module, 1, true) then return rule.team end
    if rule.symbol and frame.symbol and frame.symbol:find(rule.symbol) then return rule.team end
  end
  return nil
end

bt.on("snapshot", function()
  local thread = bt.faulting_thread()
  if thread == nil then return end
  for _, frame in ipairs(bt.frames(thread.tid)) do
    if not skipped(frame) then
      local team = owner(frame)
      if team then
        bt.set_attribute("team", team)
        bt.classify("team-" .. team)
        bt.annotate("comment", "Owner", string.format("Routed to team %s: frame #%d %s is theirs.",
          team, frame.index, frame.symbol or bt.hex(frame.pc)), { thread = thread.tid, frame = frame.index })
        return
      end
    end
  end
end)
