-- The sandbox prelude: runs once in every module's fresh Lua state, before the module, with the host's
-- raw functions. It removes what a module must not reach, installs the instruction-budget hook, wraps the
-- functions that could swallow or escape the budget, and builds the `bt` API. It returns the message
-- handler and the event dispatcher that the host calls.
local host, hook_interval = ...

local error, type, select, pairs, ipairs, tostring = error, type, select, pairs, ipairs, tostring
local raw_pcall, raw_xpcall, raw_setmetatable, rawget = pcall, xpcall, setmetatable, rawget
local co_create, co_resume, co_status = coroutine.create, coroutine.resume, coroutine.status
local str_find, str_match, str_gmatch, str_gsub = string.find, string.match, string.gmatch, string.gsub
local str_byte, str_format, str_unpack = string.byte, string.format, string.unpack
local tbl_pack, tbl_unpack = table.pack, table.unpack
local sethook, traceback = debug.sethook, debug.traceback
local tick, halted, charge, remaining = host.tick, host.halted, host.charge, host.remaining

-- Nothing that touches files, processes, the loader, bytecode or the debug library stays reachable.
io, os, package, require, load, loadfile, dofile, debug, collectgarbage, warn = nil
string.dump = nil

-- The budget. The hook is a Lua function, so a spent budget raises a Lua error from Lua code, which is
-- safe to unwind (an error raised from a C# hook would unwind across managed frames).
local stopped = nil
local function hook()
  local why = stopped or tick()
  if why then
    stopped = why
    error(why, 0)
  end
end
sethook(hook, "", hook_interval)

-- pcall, xpcall and coroutine.resume would swallow the budget error: once the budget is spent (or the
-- memory limit was hit inside C), they re-raise it.
local function recheck(...)
  if stopped == nil then stopped = halted() end
  if stopped then error(stopped, 0) end
  return ...
end

pcall = function(f, ...) return recheck(raw_pcall(f, ...)) end
xpcall = function(f, handler, ...) return recheck(raw_xpcall(f, handler, ...)) end

-- Hooks are per coroutine: every coroutine gets the budget hook too.
coroutine.create = function(f)
  local co = co_create(f)
  sethook(co, hook, "", hook_interval)
  return co
end
coroutine.resume = function(co, ...) return recheck(co_resume(co, ...)) end
coroutine.wrap = function(f)
  local co = coroutine.create(f)
  return function(...)
    local results = tbl_pack(recheck(co_resume(co, ...)))
    if not results[1] then error(results[2], 0) end
    return tbl_unpack(results, 2, results.n)
  end
end

-- A __gc metamethod would run during garbage collection with hooks disabled (and during lua_close),
-- where no budget can stop it.
setmetatable = function(t, mt)
  if type(mt) == "table" and rawget(mt, "__gc") ~= nil then
    error("__gc metamethods are not allowed in analysis modules", 2)
  end
  return raw_setmetatable(t, mt)
end

-- Pattern matching runs inside one C call the hook cannot interrupt, and backtracking makes it
-- polynomial in the subject length: (n+1)^(q+1) steps for q quantifiers. That worst case is charged to
-- the instruction budget up front (a step costs about a quarter of an instruction), and refused when it
-- does not fit.
local function quantifiers(pattern)
  local q = 0
  for i = 1, #pattern do
    local c = str_byte(pattern, i)
    if c == 42 or c == 43 or c == 45 or c == 63 then q = q + 1 end -- * + - ?
  end
  return q
end

local function guard(s, pattern, init, plain)
  if type(s) ~= "string" or type(pattern) ~= "string" then return end
  local n = #s
  if type(init) == "number" then
    if init < 0 then init = n + init + 1 end
    if init > 1 then n = n - init + 1 end
  end
  local q = plain and 0 or quantifiers(pattern)
  local anchored = not plain and str_byte(pattern, 1) == 94 -- ^
  local cost = (n + 1.0) ^ (anchored and math.max(q, 1) or q + 1)
  local charged = cost / 4
  if charged > remaining() then
    error(str_format("pattern too expensive: up to %.3g matching steps on a %d-byte subject; " ..
      "use a plain find, fewer quantifiers or a shorter subject", cost, #s), 3)
  end
  local why = charge(math.ceil(charged))
  if why then stopped = why; error(why, 0) end
end

string.find = function(s, p, init, plain) guard(s, p, init, plain); return str_find(s, p, init, plain) end
string.match = function(s, p, init) guard(s, p, init, false); return str_match(s, p, init) end
string.gmatch = function(s, p, init) guard(s, p, init, false); return str_gmatch(s, p, init) end
string.gsub = function(s, p, repl, n) guard(s, p, 1, false); return str_gsub(s, p, repl, n) end

-- The API. Host functions return `nil, message` on bad input; `checked` raises that message at the
-- line of the module that made the call (level 2 from the wrapper, 3 when called from another
-- wrapper; the wrappers must not tail-call, or the level would skip a frame).
local function checked(f, level)
  level = level or 2
  return function(...)
    local result, message = f(...)
    if result == nil and message ~= nil then error(message, level) end
    return result
  end
end

local function target_args(target)
  if target == nil then return nil, nil, nil end
  if type(target) ~= "table" then error("the target is a table {thread=, frame=, address=}", 3) end
  return target.thread, target.frame, target.address
end

local handlers = { snapshot = {}, thread = {}, frame = {} }
local bt = {}

function bt.on(event, fn, match)
  if handlers[event] == nil then
    error("unknown event '" .. tostring(event) .. "': use \"snapshot\", \"thread\" or \"frame\"", 2)
  end
  if type(fn) ~= "function" then error("bt.on needs a handler function", 2) end
  if match ~= nil and type(match) ~= "table" then error("the match filter is a table {symbol=, module=}", 2) end
  local list = handlers[event]
  list[#list + 1] = { fn = fn, match = match }
end

function bt.fault() return host.fault() end
function bt.process() return host.process() end
function bt.threads() return host.threads() end
bt.frames = checked(host.frames)
bt.registers = checked(host.registers)
function bt.modules() return host.modules() end
function bt.mappings() return host.mappings() end
bt.mapping = checked(host.mapping)
function bt.attributes() return host.attributes() end
function bt.classifiers() return host.classifiers() end
function bt.annotations() return host.annotations() end
function bt.regions() return host.regions() end
bt.symbol = checked(host.symbol)

function bt.has_classifier(name)
  for _, c in ipairs(host.classifiers()) do if c == name then return true end end
  return false
end

function bt.faulting_thread()
  for _, t in ipairs(host.threads()) do if t.faulted then return t end end
  return nil
end

-- Memory: `read` returns the bytes (possibly fewer than asked) or nil plus the reason.
function bt.read(address, length)
  if math.type(address) ~= "integer" or math.type(length) ~= "integer" or length < 0 then
    error("bt.read(address, length) needs an integer address and a non-negative integer length", 2)
  end
  if length > 65536 then error("bt.read length " .. length .. " exceeds the 65536-byte limit", 2) end
  return host.read(address, length)
end

local function read_scalar(format, size)
  return function(address)
    local bytes = host.read(address, size)
    if bytes == nil or #bytes < size then return nil end
    return (str_unpack(format, bytes))
  end
end
bt.read_u8 = read_scalar("<I1", 1)
bt.read_u16 = read_scalar("<I2", 2)
bt.read_u32 = read_scalar("<I4", 4)
bt.read_u64 = read_scalar("<i8", 8)
bt.read_i32 = read_scalar("<i4", 4)

function bt.read_string(address, max)
  max = max or 256
  local bytes = host.read(address, max)
  if bytes == nil then return nil end
  local nul = str_find(bytes, "\0", 1, true)
  return nul and bytes:sub(1, nul - 1) or bytes
end

function bt.hex(value)
  if type(value) ~= "number" then return tostring(value) end
  return str_format("0x%x", value)
end

-- Output.
bt.classify = checked(host.classify)
bt.set_attribute = checked(host.set_attribute)
bt.set_fingerprint = checked(host.set_fingerprint)

local annotate = checked(host.annotate, 3)

function bt.annotate(level, name, text, target)
  if type(text) ~= "string" then error("bt.annotate(level, name, text[, target]) needs a text body", 2) end
  local ok = annotate(level, name, text, target_args(target))
  return ok
end

function bt.annotate_json(name, body, target, level)
  if type(body) ~= "table" then error("bt.annotate_json(name, table[, target[, level]]) needs a table", 2) end
  local ok = annotate(level or "comment", name, body, target_args(target))
  return ok
end

bt.add_frame = checked(host.add_frame)

function bt.log(...)
  local parts = tbl_pack(...)
  for i = 1, parts.n do parts[i] = tostring(parts[i]) end
  host.log(table.concat(parts, "\t", 1, parts.n))
end
print = bt.log

_G.bt = bt

local function matches(match, frame)
  if match == nil then return true end
  if match.symbol ~= nil and frame.symbol ~= match.symbol then return false end
  if match.module ~= nil and (frame.module == nil or not str_find(frame.module, match.module, 1, true)) then
    return false
  end
  return true
end

local function dispatch()
  if #handlers.thread > 0 or #handlers.frame > 0 then
    for _, thread in ipairs(host.threads()) do
      for _, h in ipairs(handlers.thread) do h.fn(thread) end
      if #handlers.frame > 0 then
        for _, frame in ipairs(host.frames(thread.tid)) do
          for _, h in ipairs(handlers.frame) do
            if matches(h.match, frame) then h.fn(frame, thread) end
          end
        end
      end
    end
  end
  for _, h in ipairs(handlers.snapshot) do h.fn() end
end

-- The message handler adds a traceback without calling any metamethod of the error object.
local function on_error(e)
  if type(e) ~= "string" then e = "(error object is a " .. type(e) .. " value)" end
  return traceback(e, 2)
end

return on_error, dispatch
