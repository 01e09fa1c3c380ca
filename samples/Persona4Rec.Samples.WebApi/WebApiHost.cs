namespace Persona4Rec.Samples.WebApi;

/// <summary>Builds the application; the tests start the same application on 127.0.0.1.</summary>
public static class WebApiHost
{
    public static WebApplication Build(string[] args)
    {
        WebApplicationBuilder builder = WebApplication.CreateBuilder(args);
        builder.Services.AddProblemDetails();
        builder.Services.AddPersona4RecOnnx(builder.Configuration.GetSection("Persona4Rec:Onnx"));
        builder.Services.AddPersona4Rec(builder.Configuration.GetSection(Persona4RecOptions.SectionName));
        builder.Services.AddOptions<UserHistoryOptions>().Bind(builder.Configuration.GetSection("UserHistory"));
        builder.Services.AddSingleton<UserHistoryStore>();

        WebApplication app = builder.Build();
        app.UseExceptionHandler();
        RecommendationApi.Map(app);
        return app;
    }
}
