-- GET one page over and over (wrk's default request) and report as JSON.
-- No response() here: defining one makes wrk parse every body, which costs the client CPU.
package.path = (os.getenv("GLAS_BENCH_LUA") or "bench/lua") .. "/?.lua;" .. package.path
local common = require("common")

wrk.headers["User-Agent"] = "glas-bench"

function done(summary, latency, requests)
  common.report(summary, latency)
end
