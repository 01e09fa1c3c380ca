using Persona4Rec.Samples.WebApi;

// A minimal API that serves Persona4Rec: the index loads (and is validated) at start-up, the local
// ONNX encoder builds user profiles from their histories, and each request is a profile lookup and
// a max-over-personas scoring, with explanations. Build an index first (the main job writes
// persona4rec-output/personas.p4r), then:
//   dotnet run --project samples/Persona4Rec.Samples.WebApi -- --Persona4Rec:IndexPath=persona4rec-output/personas.p4r
//   curl http://localhost:5000/recommend/DEMOUSER0001
//   curl -X POST http://localhost:5000/rerank -H 'Content-Type: application/json' -d '{"userId":"DEMOUSER0001","candidates":["B0DEMO0001","B0DEMO0007"]}'
WebApplication app = WebApiHost.Build(args);
await app.RunAsync();
