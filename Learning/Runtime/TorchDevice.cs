using TorchSharp;

namespace Grid.Learning.Runtime;

/// <summary>Chooses where tensors live: a CUDA device when the build and the machine have one, else the CPU.</summary>
public static class TorchDevice
{
    /// <summary>"cuda:N" for the given index when CUDA is available, otherwise "cpu".</summary>
    public static torch.Device Select(int cudaIndex = 0) =>
        torch.cuda.is_available() && cudaIndex < torch.cuda.device_count()
            ? new torch.Device(DeviceType.CUDA, cudaIndex)
            : torch.CPU;

    public static int CudaDeviceCount => torch.cuda.is_available() ? torch.cuda.device_count() : 0;
}
