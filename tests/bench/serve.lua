-- serve.lua - wrk's script for tests/bench/serve.sh: POSTs one query as
-- an HTML form (the SPARQL 1.1 Protocol's most common request) and prints
-- the figures as "key value" lines.
--
--   wrk -t T -c C -d S -s tests/bench/serve.lua URL -- QUERY.rq

local function slurp(path)
  local f = assert(io.open(path, "rb"))
  local s = f:read("*a")
  f:close()
  return s
end

local function form(s)
  return (s:gsub("[^%w%-%._~]", function(c)
    return string.format("%%%02X", string.byte(c))
  end))
end

function init(args)
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  wrk.headers["Accept"] = "application/sparql-results+json"
  wrk.body = "query=" .. form(slurp(args[1]))
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("requests %d\n", summary.requests))
  io.write(string.format("rps %.1f\n", summary.requests / (summary.duration / 1e6)))
  io.write(string.format("p50_ms %.3f\n", latency:percentile(50) / 1000))
  io.write(string.format("p99_ms %.3f\n", latency:percentile(99) / 1000))
  -- statuses other than 2xx/3xx, and connections that failed
  io.write(string.format("errors %d\n",
    e.status + e.connect + e.read + e.write + e.timeout))
end
