-- Shared by the wrk scripts: a tiny JSON writer and the done() report bench/run.py reads.
-- wrk calls done() once, in the main Lua state, after every thread has stopped.

local common = {}

local function encode(value)
  local kind = type(value)
  if kind == "table" then
    if #value > 0 or next(value) == nil then
      local parts = {}
      for _, item in ipairs(value) do parts[#parts + 1] = encode(item) end
      return "[" .. table.concat(parts, ",") .. "]"
    end
    local parts = {}
    for key, item in pairs(value) do
      parts[#parts + 1] = string.format("%q", tostring(key)) .. ":" .. encode(item)
    end
    return "{" .. table.concat(parts, ",") .. "}"
  elseif kind == "string" then
    return string.format("%q", value)
  elseif kind == "number" then
    if value ~= value or value == math.huge or value == -math.huge then return "null" end
    return string.format("%.17g", value)
  elseif kind == "boolean" then
    return tostring(value)
  end
  return "null"
end
common.encode = encode

-- The report: throughput, latency percentiles (microseconds), wrk's error counts, and
-- whatever `extra` adds (the POST scripts' own tallies).
function common.report(summary, latency, extra)
  local result = {
    duration_us = summary.duration,
    requests = summary.requests,
    bytes = summary.bytes,
    errors = {
      connect = summary.errors.connect,
      read = summary.errors.read,
      write = summary.errors.write,
      status = summary.errors.status,
      timeout = summary.errors.timeout,
    },
    latency = {
      min = latency.min,
      max = latency.max,
      mean = latency.mean,
      stdev = latency.stdev,
      p50 = latency:percentile(50),
      p90 = latency:percentile(90),
      p95 = latency:percentile(95),
      p99 = latency:percentile(99),
    },
    extra = extra or {},
  }
  io.write("\nGLAS_BENCH_JSON " .. encode(result) .. "\n")
end

-- Add up a numeric table kept by each thread (thread:get copies it out of the thread).
function common.collect(threads, name)
  local total = {}
  for _, thread in ipairs(threads) do
    local part = thread:get(name) or {}
    for key, value in pairs(part) do
      total[key] = (total[key] or 0) + value
    end
  end
  return total
end

return common
