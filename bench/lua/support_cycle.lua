-- Logged-in support then withdraw, for as long as wrk runs.
--   wrk -t THREADS -s bench/lua/support_cycle.lua URL -- CYCLE_FILE COOKIE_NAME THREADS
-- CYCLE_FILE (written by bench/dbtasks.py): "P id id ..." then "A cookie csrf_token" lines.
--
-- Each thread takes its own share of the accounts and of the proposals. A proposal has at
-- most one request of this thread in flight, so the Location of a 302 ("/proposals/<id>")
-- tells which request it answers: a withdraw is sent only after its support came back,
-- never racing it on another connection. Any response other than a 302 to the proposal's
-- page is an error.
package.path = (os.getenv("GLAS_BENCH_LUA") or "bench/lua") .. "/?.lua;" .. package.path
local common = require("common")

local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("index", counter)
  table.insert(threads, thread)
end

local accounts, proposals = {}, {}
local pending, ready = {}, {}
local next_account, next_proposal = 1, 1
local cookie_name
tally = {}

local function bump(key) tally[key] = (tally[key] or 0) + 1 end

function init(args)
  local file, name, count = args[1], args[2], tonumber(args[3] or "1")
  cookie_name = name
  local all_accounts, all_proposals = {}, {}
  for line in io.lines(file) do
    local kind, rest = line:match("^(%a) (.*)$")
    if kind == "P" then
      for id in rest:gmatch("%d+") do all_proposals[#all_proposals + 1] = tonumber(id) end
    elseif kind == "A" then
      local cookie, token = rest:match("^(%S+) (%S+)")
      all_accounts[#all_accounts + 1] = {cookie = cookie, token = token}
    end
  end
  for i, item in ipairs(all_accounts) do
    if (i - 1) % count == index - 1 then accounts[#accounts + 1] = item end
  end
  for i, item in ipairs(all_proposals) do
    if (i - 1) % count == index - 1 then proposals[#proposals + 1] = item end
  end
end

local function post(action, account, proposal)
  return wrk.format("POST", "/proposals/" .. proposal .. "/" .. action, {
    ["Cookie"] = cookie_name .. "=" .. account.cookie,
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["User-Agent"] = "glas-bench",
  }, "csrf_token=" .. account.token)
end

-- wrk calls request() once in the first thread's state right after init(), only to check
-- the request: that call must not take a lane nor count as sent.
local checked

function request()
  if checked == nil then checked = index ~= 1 end
  if not checked then
    checked = true
    return post("support", accounts[1], proposals[1])
  end
  local job = table.remove(ready, 1)
  if job then
    pending[job.proposal] = {account = job.account, action = "withdraw"}
    bump("withdraw_sent")
    return post("withdraw", job.account, job.proposal)
  end
  -- the next proposal with nothing in flight (there are more proposals than connections)
  local proposal
  for _ = 1, #proposals do
    local candidate = proposals[next_proposal]
    next_proposal = next_proposal % #proposals + 1
    if pending[candidate] == nil then proposal = candidate; break end
  end
  if proposal == nil then
    -- every lane is taken (only after errors): send anyway, the pairing may be lost
    proposal = proposals[next_proposal]
    next_proposal = next_proposal % #proposals + 1
    bump("lane_collisions")
  end
  local account = accounts[next_account]
  next_account = next_account % #accounts + 1
  pending[proposal] = {account = account, action = "support"}
  bump("support_sent")
  return post("support", account, proposal)
end

function response(status, headers, body)
  local location = headers["Location"] or headers["location"] or ""
  local proposal = tonumber(location:match("^[^?]*/proposals/(%d+)$"))
  local job = proposal and pending[proposal]
  if status ~= 302 or job == nil or job.action == "queued" then
    bump("error_" .. status)
    bump("errors")
    return
  end
  pending[proposal] = nil
  if job.action == "support" then
    bump("support_ok")
    -- the proposal stays taken until its withdraw is sent and answered
    pending[proposal] = {account = job.account, action = "queued"}
    table.insert(ready, {account = job.account, proposal = proposal})
  else
    bump("withdraw_ok")
  end
end

function done(summary, latency, requests)
  common.report(summary, latency, common.collect(threads, "tally"))
end
