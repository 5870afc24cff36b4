<#
.SYNOPSIS
  enrol-kiosk's bridge to Windows Image Acquisition (WIA 2.0): list scanners, report their
  capabilities, scan one page. The kiosk runs it as a child process and reads ONE line of JSON
  from stdout; errors are JSON too ({"error":"busy|jammed|no_paper|cover_open|absent|failed", ...}).

.EXAMPLE
  powershell -NoProfile -ExecutionPolicy Bypass -File wia-scan.ps1 -List
  powershell -NoProfile -ExecutionPolicy Bypass -File wia-scan.ps1 -Capabilities -Device "{6BDD1FC6-...}\0000"
  powershell -NoProfile -ExecutionPolicy Bypass -File wia-scan.ps1 -Device "{6BDD1FC6-...}\0000" -Dpi 300 -Mode color -Out C:\Temp\scan.png
#>
param(
  [switch]$List,
  [switch]$Capabilities,
  [string]$Device,
  [int]$Dpi = 300,
  [ValidateSet('color', 'gray')][string]$Mode = 'color',
  [string]$Source = '',
  [string]$Out
)

$ErrorActionPreference = 'Stop'

function Write-Json($value) {
  [Console]::Out.WriteLine(($value | ConvertTo-Json -Compress -Depth 5))
}

# WIA HRESULTs (wia.h / WIA_ERROR_*) mapped to the kiosk's failure names.
function Get-Failure([int]$hresult) {
  switch ('0x{0:X8}' -f $hresult) {
    '0x80210006' { 'busy' }        # WIA_ERROR_BUSY
    '0x80210002' { 'jammed' }      # WIA_ERROR_PAPER_JAM
    '0x80210003' { 'no_paper' }    # WIA_ERROR_PAPER_EMPTY
    '0x80210016' { 'cover_open' }  # WIA_ERROR_COVER_OPEN
    '0x80210005' { 'absent' }      # WIA_ERROR_OFFLINE
    '0x80210015' { 'absent' }      # WIA_S_NO_DEVICE_AVAILABLE
    '0x8021000A' { 'absent' }      # WIA_ERROR_DEVICE_COMMUNICATION
    default { 'failed' }
  }
}

# WIA property ids (wiadef.h).
$WIA_DPS_DOCUMENT_HANDLING_SELECT = 3088
$WIA_IPS_CUR_INTENT = 6146
$WIA_IPS_XRES = 6147
$WIA_IPS_YRES = 6148
$WIA_INTENT_COLOR = 1
$WIA_INTENT_GRAY = 2
$WIA_FORMAT_PNG = '{B96B3CAF-0728-11D3-9D7B-0000F81EF32E}'
$FEEDER = 1
$FLATBED = 2

function Find-Device([string]$id) {
  $manager = New-Object -ComObject WIA.DeviceManager
  foreach ($info in $manager.DeviceInfos) {
    if ($info.DeviceID -eq $id) { return $info.Connect() }
  }
  throw [System.Runtime.InteropServices.COMException]::new('no such WIA device', 0x80210015)
}

function Set-Prop($props, [int]$id, $value) {
  foreach ($p in $props) { if ($p.PropertyID -eq $id) { $p.Value = $value; return } }
}

try {
  if ($List) {
    $manager = New-Object -ComObject WIA.DeviceManager
    $devices = @()
    foreach ($info in $manager.DeviceInfos) {
      if ($info.Type -ne 1) { continue }  # 1 = scanner
      $devices += @{ id = $info.DeviceID; name = $info.Properties.Item('Name').Value }
    }
    Write-Json @{ devices = $devices }
    exit 0
  }
  if ($Device -eq '') { Write-Json @{ error = 'failed'; message = '-Device is required' }; exit 2 }
  $dev = Find-Device $Device
  $item = $dev.Items.Item(1)
  if ($Capabilities) {
    $res = @()
    foreach ($p in $item.Properties) {
      if ($p.PropertyID -eq $WIA_IPS_XRES) {
        if ($p.SubType -eq 2) { foreach ($v in $p.SubTypeValues) { $res += [int]$v } }   # list
        elseif ($p.SubType -eq 1) { $res += [int]$p.SubTypeMin; $res += [int]$p.SubTypeMax } # range
      }
    }
    Write-Json @{ resolutions = $res; modes = @('color', 'gray'); sources = @('Flatbed', 'Feeder') }
    exit 0
  }
  if ($Out -eq '') { Write-Json @{ error = 'failed'; message = '-Out is required' }; exit 2 }
  if ($Source -eq 'Feeder') { Set-Prop $dev.Properties $WIA_DPS_DOCUMENT_HANDLING_SELECT $FEEDER }
  elseif ($Source -ne '') { Set-Prop $dev.Properties $WIA_DPS_DOCUMENT_HANDLING_SELECT $FLATBED }
  Set-Prop $item.Properties $WIA_IPS_CUR_INTENT ($(if ($Mode -eq 'gray') { $WIA_INTENT_GRAY } else { $WIA_INTENT_COLOR }))
  Set-Prop $item.Properties $WIA_IPS_XRES $Dpi
  Set-Prop $item.Properties $WIA_IPS_YRES $Dpi
  $image = $item.Transfer($WIA_FORMAT_PNG)
  if (Test-Path $Out) { Remove-Item $Out }
  $image.SaveFile($Out)
  Write-Json @{ ok = $true; out = $Out; width = $image.Width; height = $image.Height }
  exit 0
}
catch [System.Runtime.InteropServices.COMException] {
  Write-Json @{ error = (Get-Failure $_.Exception.HResult); message = $_.Exception.Message; hresult = ('0x{0:X8}' -f $_.Exception.HResult) }
  exit 1
}
catch {
  Write-Json @{ error = 'failed'; message = $_.Exception.Message }
  exit 1
}
