; Inno Setup script: installs dist\XinyiCreditDesk (made by pyinstaller.spec) on an office PC.
; Build: ISCC.exe /DAppVersion=0.1.0 installer\XinyiCreditDesk.iss  (see README, Windows build)
; The office's data (database, backups, documents, edited templates, logs) lives in
; %LOCALAPPDATA%\XinyiCreditDesk, outside the program folder: upgrades replace the program
; in place and uninstalling leaves the data where it is.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "新沂市政府机构失信治理工作台"
#define AppExe "XinyiCreditDesk.exe"

[Setup]
; A fixed AppId makes a newer installer upgrade the installed program in place.
AppId={{6C1F2B7E-4D1A-4E7B-9B3C-2F0A1D5E8C41}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=新沂市信用办
DefaultDirName={autopf}\XinyiCreditDesk
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
OutputDir=Output
OutputBaseFilename=XinyiCreditDesk-{#AppVersion}-setup
SetupIconFile=..\resources\icons\app.ico
UninstallDisplayIcon={app}\{#AppExe}
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
; The bundle is 64-bit Qt 6, which needs Windows 10 1809 or later.
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0.17763
PrivilegesRequiredOverridesAllowed=dialog
CloseApplications=yes

[Languages]
; Inno Setup 6.3 and later ship the Simplified Chinese messages; older ones fall back to English.
#if FileExists(AddBackslash(CompilerPath) + "Languages\ChineseSimplified.isl")
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
#else
Name: "english"; MessagesFile: "compiler:Default.isl"
#endif

[Tasks]
Name: "desktopicon"; Description: "在桌面创建快捷方式"; GroupDescription: "附加快捷方式："

[Files]
; Replace the whole program folder on upgrade so no file of an older version lingers.
Source: "..\dist\XinyiCreditDesk\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{group}\{#AppName}（演示数据）"; Filename: "{app}\{#AppExe}"; Parameters: "--demo"
Name: "{group}\卸载 {#AppName}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "启动 {#AppName}"; Flags: nowait postinstall skipifsilent

; No [UninstallDelete] for the data folder: the office's records are never removed by uninstall.
