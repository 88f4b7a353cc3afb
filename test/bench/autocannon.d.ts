/** The part of autocannon's API the HTTP benchmark uses (the package ships no types). */
declare module "autocannon" {
  namespace autocannon {
    interface Request {
      method?: string;
      path?: string;
      body?: string;
      headers?: Record<string, string>;
      setupRequest?: (request: Request) => Request;
    }
    interface Options {
      url: string;
      connections?: number;
      duration?: number;
      amount?: number;
      headers?: Record<string, string>;
      requests?: Request[];
      /** Milliseconds between samples; a run given an `amount` ends at the next one. */
      sampleInt?: number;
    }
    interface Result {
      "2xx": number;
      non2xx: number;
      errors: number;
      latency: { p50: number; p99: number; average: number };
      requests: { average: number; total: number };
    }
  }
  function autocannon(options: autocannon.Options): Promise<autocannon.Result>;
  export default autocannon;
}
