using System.CommandLine;
using Grid.Learning.Runtime;
using TorchSharp;

namespace Grid.Client;

/// <summary><c>grid torch</c>: shows which libtorch backend and device this build uses.</summary>
static class TorchCommands
{
    public static Command Create()
    {
        var command = new Command("torch", "Show the TorchSharp backend and the device training would use");
        command.SetAction(_ =>
        {
            Console.WriteLine($"torch {torch.__version__}; device {TorchDevice.Select()}; CUDA devices {TorchDevice.CudaDeviceCount}");
            return 0;
        });
        return command;
    }
}
