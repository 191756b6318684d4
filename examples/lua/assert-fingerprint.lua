-- assert-fingerprint.lua: group failed assertions by where they failed, not by the stack that led there.
--
-- A server-side rule: the default fingerprint of an assert() crash is its stack, so one broken invariant
-- reached from many callers makes many fault groups. This rule reads the built-in "Assertion failed"
-- annotation (expression and file:line) and sets the fingerprint to the assertion's location, so every
-- failure of the same assert lands in one group.

bt.on("snapshot", function()
  if not bt.has_classifier("assertion") then return end
  for _, note in ipairs(bt.annotations()) do
    if note.source == "analysis/glibc-abort" and note.text then
      local expression, location = note.text:match("Expression: (.-); at (%S+)")
      if location then
        bt.set_fingerprint("assert:" .. location)
        bt.set_attribute("assert.location", location)
        bt.set_attribute("assert.expression", expression)
        return
      end
    end
  end
end)
