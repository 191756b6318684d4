-- interpreter-stack.lua: show an embedded interpreter's own call stack as synthetic frames.
--
-- The interpreter (a toy VM here) keeps its call stack as a linked list in memory:
--
--   struct vm_frame { const char *function; const char *file; int32_t line; int32_t pad; struct vm_frame *caller; };
--   struct vm_frame *vm_top;   /* innermost script frame */
--
-- The module finds `vm_top` through the agent's symbol tables (bt.symbol), or, on the server, through the
-- memory the agent captured for it (`--global vm_top` gives a region labelled "global:vm_top"), walks the
-- list with bounded reads, and inserts one synthetic frame per script frame above the native frame that
-- runs the interpreter loop (`vm_execute`). A JSON annotation lists the script stack too.

local MAX_DEPTH = 256
local FRAME_SIZE = 32

local function top_pointer()
  local address = bt.symbol("vm_top")
  if address == nil then
    for _, region in ipairs(bt.regions()) do
      if region.label == "global:vm_top" then address = region.address end
    end
  end
  return address and bt.read_u64(address)
end

bt.on("snapshot", function()
  local thread = bt.faulting_thread()
  local frame = top_pointer()
  if thread == nil or frame == nil or frame == 0 then return end

  -- Insert the script frames just above (outside) the native interpreter loop.
  local insert_at = nil
  for _, f in ipairs(bt.frames(thread.tid)) do
    if f.symbol == "vm_execute" then insert_at = f.index + 1 break end
  end
  if insert_at == nil then return end

  local stack = {}
  while frame ~= 0 and #stack < MAX_DEPTH do
    local bytes = bt.read(frame, FRAME_SIZE)
    if bytes == nil or #bytes < FRAME_SIZE then break end
    local function_ptr, file_ptr, line, _, caller = string.unpack("<i8i8i4i4i8", bytes)
    stack[#stack + 1] = {
      symbol = bt.read_string(function_ptr, 128) or "?",
      file = bt.read_string(file_ptr, 256) or "?",
      line = line,
    }
    frame = caller
  end

  for _, f in ipairs(stack) do bt.add_frame(thread.tid, insert_at, f) end
  local lines = {}
  for i, f in ipairs(stack) do lines[i] = string.format("%s (%s:%d)", f.symbol, f.file, f.line) end
  bt.annotate_json("Script stack", { context = "Interpreter", depth = #stack, frames = lines }, { thread = thread.tid })
end)
