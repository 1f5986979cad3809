-- The support burst: every (account, proposal) pair of BURST_FILE is POSTed once, then the
-- thread stops and says so in a file bench/run.py watches.
--   wrk -t THREADS -s bench/lua/support_burst.lua URL -- BURST_FILE COOKIE_NAME THREADS DONE_PREFIX
-- BURST_FILE (written by bench/dbtasks.py): "A cookie csrf_token p,p,..." lines.
--
-- Pairs go out account after account, each account's first proposal, then each one's
-- second, and so on, like many people clicking at once. Once a thread has sent its pairs it
-- fills its connections with GET /healthz until the last POST is answered (wrk needs a
-- request for every free connection); a 200 is such a filler, anything but a 302 to the
-- proposal's page is an error.
package.path = (os.getenv("GLAS_BENCH_LUA") or "bench/lua") .. "/?.lua;" .. package.path
local common = require("common")

local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("index", counter)
  table.insert(threads, thread)
end

local jobs, next_job = {}, 1
local answered = 0
local done_file
local filler
tally = {}

local function bump(key) tally[key] = (tally[key] or 0) + 1 end

function init(args)
  local file, name, count, prefix = args[1], args[2], tonumber(args[3] or "1"), args[4]
  done_file = prefix .. "." .. index
  local mine, i = {}, 0
  for line in io.lines(file) do
    local cookie, token, list = line:match("^A (%S+) (%S+) (%S+)$")
    if cookie then
      i = i + 1
      if (i - 1) % count == index - 1 then
        local ids = {}
        for id in list:gmatch("%d+") do ids[#ids + 1] = id end
        mine[#mine + 1] = {cookie = cookie, token = token, proposals = ids}
      end
    end
  end
  local round = 1
  while true do
    local added = false
    for _, account in ipairs(mine) do
      local proposal = account.proposals[round]
      if proposal then
        added = true
        jobs[#jobs + 1] = wrk.format("POST", "/proposals/" .. proposal .. "/support", {
          ["Cookie"] = name .. "=" .. account.cookie,
          ["Content-Type"] = "application/x-www-form-urlencoded",
          ["User-Agent"] = "glas-bench",
        }, "csrf_token=" .. account.token)
      end
    end
    if not added then break end
    round = round + 1
  end
  tally.pairs = #jobs
  filler = wrk.format("GET", "/healthz", {["User-Agent"] = "glas-bench"})
  if #jobs == 0 then
    local out = io.open(done_file, "w"); out:write("0\n"); out:close()
  end
end

-- wrk calls request() once in the first thread's state right after init(), only to check
-- the request: that call must not use up a pair.
local checked

function request()
  local job = jobs[next_job]
  if checked == nil then checked = index ~= 1 end
  if not checked then
    checked = true
    return job or filler
  end
  if job then
    next_job = next_job + 1
    return job
  end
  return filler
end

function response(status, headers, body)
  if status == 200 then
    bump("filler")
    return
  end
  answered = answered + 1
  local location = headers["Location"] or headers["location"] or ""
  if status == 302 and location:match("^[^?]*/proposals/%d+$") then
    bump("support_ok")
  else
    bump("error_" .. status)
    bump("errors")
  end
  if answered == #jobs then
    local out = io.open(done_file, "w"); out:write(answered .. "\n"); out:close()
    wrk.thread:stop()
  end
end

function done(summary, latency, requests)
  common.report(summary, latency, common.collect(threads, "tally"))
end
