using Inkoop.Functions;
using Inkoop.Functions.Access;

var app = InkoopApp.Build(args);
var keys = app.Services.GetRequiredService<ApiKeys>();
app.Lifetime.ApplicationStarted.Register(() =>
{
    if (keys.AdminKeyFile is not null) Console.WriteLine($"Beheersleutel ({ApiKeys.Header}): {keys.AdminKey}  (uit {keys.AdminKeyFile})");
});
app.Run();
